package dev.pave.provision.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.provision.BundleFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** An attempt's own directory: the rendered bundle, {@code proton-inputs.json}, and afterwards the commands' outputs. */
final class WorkDirectory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;

    private WorkDirectory(Path path) {
        this.path = path;
    }

    /** The work directory at {@code path}, made by {@link #prepare} or left by an earlier attempt. */
    static WorkDirectory at(Path path) {
        return new WorkDirectory(path);
    }

    /**
     * Makes the directory afresh (anything left from an earlier run of this attempt is removed) with the bundle and inputs.
     *
     * @throws IllegalArgumentException for a bundle file that points outside the directory
     */
    void prepare(Map<String, String> files, JsonNode protonInputs) throws IOException {
        delete();
        Files.createDirectories(path);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = BundleFiles.resolve(path, file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(path.resolve("proton-inputs.json").toFile(), protonInputs);
    }

    Path path() {
        return path;
    }

    /**
     * The outputs the commands left in {@code proton-outputs.json}: an object of key → value, or Proton's list of
     * {@code {"key", "valueString"}}; none when the file is absent.
     *
     * @throws IllegalArgumentException when the file is neither
     */
    Map<String, String> outputs() throws IOException {
        Path file = path.resolve("proton-outputs.json");
        Map<String, String> outputs = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return outputs;
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("proton-outputs.json is not JSON: " + e.getOriginalMessage());
        }
        if (root != null && root.isObject()) {
            root.fields().forEachRemaining(field -> put(outputs, field.getKey(), field.getValue()));
        } else if (root != null && root.isArray()) {
            for (JsonNode output : root) {
                if (!output.path("key").isTextual()) {
                    throw new IllegalArgumentException("proton-outputs.json: every entry needs a \"key\" and a \"valueString\"");
                }
                put(outputs, output.get("key").asText(), output.path("valueString"));
            }
        } else {
            throw new IllegalArgumentException("proton-outputs.json must hold an object of outputs or a list of {\"key\", \"valueString\"}");
        }
        return outputs;
    }

    void delete() throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void put(Map<String, String> outputs, String key, JsonNode value) {
        if (value.isNull() || value.isMissingNode()) {
            return;
        }
        outputs.put(key, value.isValueNode() ? value.asText() : value.toString()); // numbers and booleans become strings
    }
}
