package dev.pave.template.bundle;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads a folder's manifest.yaml in one of the three forms Proton documents (ag-wrap-up.md). */
final class ManifestReader {

    private final Bundle bundle;
    private final String folder;
    private final String file;

    private ManifestReader(Bundle bundle, String folder) {
        this.bundle = bundle;
        this.folder = folder;
        this.file = folder + "/manifest.yaml";
    }

    static Manifest read(Bundle bundle, String folder) {
        return new ManifestReader(bundle, folder).read();
    }

    private Manifest read() {
        if (!bundle.contains(file)) {
            throw new BundleException(file + " is missing");
        }
        JsonNode raw = SafeYaml.parse(file, bundle.bytes(file));
        JsonNode templates = raw.path("infrastructure").path("templates");
        if (!templates.isArray() || templates.isEmpty()) {
            throw fail("infrastructure.templates must be a non-empty list");
        }
        Manifest.Engine engine = engineOf(templates.get(0));
        for (JsonNode template : templates) {
            if (engineOf(template) != engine) {
                throw fail("infrastructure.templates mixes rendering engines");
            }
        }
        return switch (engine) {
            case CLOUDFORMATION -> cloudFormation(templates, raw);
            case TERRAFORM -> terraform(templates, raw);
            case CODEBUILD -> codeBuild(templates, raw);
        };
    }

    private Manifest.Engine engineOf(JsonNode template) {
        String engine = template.path("rendering_engine").asText("");
        String language = template.path("template_language").asText("");
        if (engine.equals("codebuild")) {
            return Manifest.Engine.CODEBUILD;
        }
        if (engine.equals("jinja") && language.equals("cloudformation")) {
            return Manifest.Engine.CLOUDFORMATION;
        }
        if (engine.equals("hcl") && language.equals("terraform")) {
            return Manifest.Engine.TERRAFORM;
        }
        throw fail("rendering_engine '" + engine + "' with template_language '" + language
                + "' is not supported (use jinja/cloudformation, hcl/terraform or codebuild)");
    }

    private Manifest cloudFormation(JsonNode templates, JsonNode raw) {
        if (templates.size() != 1) {
            throw fail("a CloudFormation manifest lists exactly one template, not " + templates.size());
        }
        String name = fileName(templates.get(0));
        if (name.equals("*")) {
            throw fail("file '*' is only for Terraform; a CloudFormation manifest names its one file");
        }
        return new Manifest(folder, Manifest.Engine.CLOUDFORMATION, List.of(existing(name)), List.of(), List.of(), List.of(), raw);
    }

    private Manifest terraform(JsonNode templates, JsonNode raw) {
        List<String> files = new ArrayList<>();
        for (JsonNode template : templates) {
            String name = fileName(template);
            if (name.equals("*")) {
                // The wildcard takes only the .tf files directly in the folder.
                bundle.paths().stream()
                        .filter(path -> path.startsWith(folder + "/") && path.endsWith(".tf")
                                && path.indexOf('/', folder.length() + 1) < 0)
                        .filter(path -> !files.contains(path))
                        .forEach(files::add);
            } else if (!files.contains(existing(name))) {
                files.add(existing(name));
            }
        }
        if (files.isEmpty()) {
            throw fail("file '*' matches no .tf file in " + folder + "/");
        }
        return new Manifest(folder, Manifest.Engine.TERRAFORM, files, List.of(), List.of(), List.of(), raw);
    }

    private Manifest codeBuild(JsonNode templates, JsonNode raw) {
        if (templates.size() != 1) {
            throw fail("a CodeBuild manifest lists exactly one template, not " + templates.size());
        }
        JsonNode settings = templates.get(0).path("settings");
        if (!settings.isObject()) {
            throw fail("settings must be a mapping with provision and deprovision commands");
        }
        List<String> provision = commands(settings, "provision");
        List<String> deprovision = commands(settings, "deprovision");
        // Pave's extension: e.g. terraform plan -detailed-exitcode, whose exit 2 says what runs differs from the code
        List<String> drift = settings.has("drift") ? commands(settings, "drift") : List.of();
        if (settings.has("image") && !settings.get("image").isTextual()) {
            throw fail("settings.image must be a string");
        }
        for (String key : List.of("runtimes", "env", "project_properties")) {
            if (settings.has(key) && !settings.get(key).isObject()) {
                throw fail("settings." + key + " must be a mapping");
            }
        }
        List<String> files = bundle.paths().stream()
                .filter(path -> path.startsWith(folder + "/") && !path.equals(file))
                .toList();
        return new Manifest(folder, Manifest.Engine.CODEBUILD, files, provision, deprovision, drift, raw);
    }

    private List<String> commands(JsonNode settings, String key) {
        JsonNode list = settings.path(key);
        if (!list.isArray() || list.isEmpty()) {
            throw fail("settings." + key + " must be a non-empty list of commands");
        }
        List<String> commands = new ArrayList<>();
        for (JsonNode command : list) {
            if (!command.isTextual()) {
                throw fail("settings." + key + " must hold only strings, found " + command);
            }
            commands.add(command.asText());
        }
        return commands;
    }

    private String fileName(JsonNode template) {
        JsonNode name = template.path("file");
        if (!name.isTextual() || name.asText().isBlank()) {
            throw fail("each template needs a file");
        }
        return name.asText();
    }

    private String existing(String name) {
        String path;
        try {
            path = BundleEntries.normalize(folder + "/" + name);
        } catch (BundleException e) {
            path = "";
        }
        if (name.startsWith("/") || !path.startsWith(folder + "/")) {
            throw fail("file '" + name + "' is outside " + folder + "/");
        }
        if (!bundle.contains(path)) {
            throw fail("file '" + name + "' does not exist in " + folder + "/");
        }
        return path;
    }

    private BundleException fail(String problem) {
        return new BundleException(file + ": " + problem);
    }
}
