package dev.pave.template.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A bundle's {@code schema/migrations.yaml} (a Pave extension): how the inputs of a spec written for an older major
 * version become inputs of this one, so a major upgrade keeps them. Per older major, per input, in order: {@code map}
 * its value (a scalar's text to a new value), {@code rename} it, {@code drop} it, or give it a {@code default} when it
 * is absent. Every other input, arrays and nested objects included, is carried as it is.
 *
 * <pre>
 * migrations:
 *   - from: 1
 *     inputs:
 *       size: {map: {small: 1, large: 3}, rename: replicas}
 *       legacy_flag: {drop: true}
 *       port: {default: 8080}
 * </pre>
 */
public record SpecMigrations(List<Migration> migrations) {

    public static final String FILE = "schema/migrations.yaml";
    public static final SpecMigrations NONE = new SpecMigrations(List.of());
    private static final Set<String> STEPS = Set.of("map", "rename", "drop", "default");

    /** The steps for the inputs of specs from major version {@code from}, in the file's order. */
    public record Migration(int from, Map<String, Step> inputs) {
    }

    /** What happens to one input; null members do nothing. */
    public record Step(Map<String, JsonNode> map, String rename, boolean drop, JsonNode defaultValue) {
    }

    public SpecMigrations {
        migrations = List.copyOf(migrations);
    }

    /** The bundle's migrations, checked; none when it has no {@code schema/migrations.yaml}. */
    static SpecMigrations read(Bundle bundle) {
        if (!bundle.contains(FILE)) {
            return NONE;
        }
        JsonNode list = SafeYaml.parse(FILE, bundle.bytes(FILE)).path("migrations");
        if (!list.isArray()) {
            throw fail("migrations must be a list of {from, inputs}");
        }
        List<Migration> migrations = new ArrayList<>();
        for (JsonNode m : list) {
            if (!m.path("from").canConvertToInt() || m.path("from").asInt() < 1) {
                throw fail("each migration needs from: the major version (1 or more) whose specs it migrates");
            }
            int from = m.path("from").asInt();
            if (migrations.stream().anyMatch(x -> x.from() == from)) {
                throw fail("two migrations from major version " + from);
            }
            if (!m.path("inputs").isObject()) {
                throw fail("migration from " + from + ": inputs must be a mapping of input name to its steps");
            }
            Map<String, Step> steps = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = m.get("inputs").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> input = it.next();
                steps.put(input.getKey(), step(from, input.getKey(), input.getValue()));
            }
            migrations.add(new Migration(from, steps));
        }
        return new SpecMigrations(migrations);
    }

    private static Step step(int from, String name, JsonNode step) {
        String where = "migration from " + from + ", input " + name + ": ";
        if (!step.isObject()) {
            throw fail(where + "give its steps as a mapping (map, rename, drop, default)");
        }
        step.fieldNames().forEachRemaining(key -> {
            if (!STEPS.contains(key)) {
                throw fail(where + "unknown step '" + key + "' (use map, rename, drop or default)");
            }
        });
        Map<String, JsonNode> map = null;
        if (step.has("map")) {
            if (!step.get("map").isObject()) {
                throw fail(where + "map must be a mapping of old value to new value");
            }
            map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = step.get("map").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), e.getValue());
            }
        }
        if (step.has("rename") && (!step.get("rename").isTextual() || step.get("rename").asText().isBlank())) {
            throw fail(where + "rename must be the input's new name");
        }
        if (step.has("drop") && !step.get("drop").isBoolean()) {
            throw fail(where + "drop must be true or false");
        }
        boolean drop = step.path("drop").asBoolean(false);
        if (drop && (step.has("rename") || step.has("map") || step.has("default"))) {
            throw fail(where + "a dropped input has no other steps");
        }
        return new Step(map, step.has("rename") ? step.get("rename").asText() : null, drop, step.get("default"));
    }

    /** The migration for specs of major version {@code from}, if the bundle has one. */
    public Optional<Migration> from(int from) {
        return migrations.stream().filter(m -> m.from() == from).findFirst();
    }

    /** {@code inputs} migrated from major {@code from}: a copy; the same inputs when there is no migration from there. */
    public ObjectNode apply(int from, ObjectNode inputs) {
        ObjectNode migrated = inputs.deepCopy();
        from(from).ifPresent(m -> m.inputs().forEach((name, step) -> {
            JsonNode value = migrated.get(name);
            if (step.drop()) {
                migrated.remove(name);
                return;
            }
            if (value != null && step.map() != null && value.isValueNode() && step.map().containsKey(value.asText())) {
                value = step.map().get(value.asText()).deepCopy();
                migrated.set(name, value);
            }
            String target = step.rename() != null ? step.rename() : name;
            if (value != null && !target.equals(name)) {
                migrated.remove(name);
                migrated.set(target, value);
            }
            if (step.defaultValue() != null && !migrated.has(target)) {
                migrated.set(target, step.defaultValue().deepCopy());
            }
        }));
        return migrated;
    }

    private static BundleException fail(String problem) {
        return new BundleException(FILE + ": " + problem);
    }
}
