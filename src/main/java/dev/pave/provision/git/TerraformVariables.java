package dev.pave.provision.git;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code proton.<type>.variables.tf} Proton writes beside the rendered Terraform: one variable per namespace
 * of the inputs ({@code environment}, {@code service}, {@code service_instance}, {@code service_instances},
 * {@code pipeline}, {@code component}, {@code proton_tags}), typed after the values in {@code proton.auto.tfvars.json}.
 * As in Proton's files, {@code inputs} and {@code outputs} are {@code map(string)}, objects and maps default to
 * null, and one-line attributes are aligned as {@code terraform fmt} aligns them.
 */
final class TerraformVariables {

    private static final Set<String> STRING_MAPS = Set.of("inputs", "outputs", "proton_tags");

    private TerraformVariables() {
    }

    /** The file name for a target type: {@code proton.environment.variables.tf}, {@code proton.pipeline.variables.tf}, … */
    static String fileName(String targetType) {
        String type = "SERVICE_PIPELINE".equals(targetType) ? "pipeline" : targetType.toLowerCase();
        return "proton." + type + ".variables.tf";
    }

    static String render(String resourceArn, JsonNode protonInputs) {
        StringBuilder file = new StringBuilder("""
                /*
                This file is managed by Pave. Changes made directly to this file are overwritten the next time Pave deploys the resource.

                To manage this resource, see Pave resource: %s
                */
                """.formatted(resourceArn));
        for (Iterator<Map.Entry<String, JsonNode>> it = protonInputs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> namespace = it.next();
            if (namespace.getKey().equals("//")) {
                continue; // Proton's comment key
            }
            List<Attribute> attributes = new ArrayList<>();
            attributes.add(new Attribute("type", type(namespace.getKey(), namespace.getValue())));
            if (!namespace.getValue().isArray()) {
                attributes.add(new Attribute("default", List.of("null")));
            }
            file.append("\nvariable \"").append(namespace.getKey()).append("\" {\n");
            for (String line : lines(attributes)) {
                file.append("  ").append(line).append('\n');
            }
            file.append("}\n");
        }
        return file.toString();
    }

    /** A type expression's lines; the first follows {@code name = }, the rest are indented as the attribute is. */
    private static List<String> type(String name, JsonNode value) {
        if (value.isObject() && STRING_MAPS.contains(name)) {
            return List.of("map(string)");
        }
        if (value.isObject()) {
            List<Attribute> fields = new ArrayList<>();
            value.fields().forEachRemaining(field -> fields.add(new Attribute(field.getKey(), type(field.getKey(), field.getValue()))));
            List<String> lines = new ArrayList<>(List.of("object({"));
            lines(fields).forEach(line -> lines.add("  " + line));
            lines.add("})");
            return lines;
        }
        if (value.isArray()) {
            List<String> element = value.isEmpty() ? List.of("any") : type(name, value.get(0));
            if (element.size() == 1) {
                return List.of("list(" + element.get(0) + ")");
            }
            List<String> lines = new ArrayList<>(List.of("list("));
            element.forEach(line -> lines.add("  " + line));
            lines.add(")");
            return lines;
        }
        if (value.isTextual()) {
            return List.of("string");
        }
        if (value.isNumber()) {
            return List.of("number");
        }
        return List.of(value.isBoolean() ? "bool" : "any");
    }

    /** {@code name = value} lines; runs of one-line attributes have their {@code =} aligned. */
    private static List<String> lines(List<Attribute> attributes) {
        List<String> lines = new ArrayList<>();
        int i = 0;
        while (i < attributes.size()) {
            if (attributes.get(i).value().size() > 1) {
                Attribute multiLine = attributes.get(i++);
                lines.add(multiLine.name() + " = " + multiLine.value().get(0));
                lines.addAll(multiLine.value().subList(1, multiLine.value().size()));
                continue;
            }
            int end = i;
            int width = 0;
            while (end < attributes.size() && attributes.get(end).value().size() == 1) {
                width = Math.max(width, attributes.get(end++).name().length());
            }
            for (; i < end; i++) {
                Attribute attribute = attributes.get(i);
                lines.add(attribute.name() + " ".repeat(width - attribute.name().length()) + " = " + attribute.value().get(0));
            }
        }
        return lines;
    }

    private record Attribute(String name, List<String> value) {

        Attribute {
            name = name.matches("[A-Za-z_][A-Za-z0-9_-]*") ? name : '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
    }
}
