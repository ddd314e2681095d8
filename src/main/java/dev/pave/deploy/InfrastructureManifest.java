package dev.pave.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pave.error.ValidationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a registered bundle folder's {@code manifest.yaml} says about deploying it: the engine and, for CodeBuild, the
 * commands. Registration has validated the manifest already, so this only reads it.
 *
 * @param renderingEngine {@code jinja} (CloudFormation), {@code hcl} (Terraform) or {@code codebuild}
 * @param file the IaC file the manifest names ({@code *} for all Terraform files; null for CodeBuild)
 */
public record InfrastructureManifest(String renderingEngine, String templateLanguage, String file,
        List<String> provisionCommands, List<String> deprovisionCommands) {

    private static final YAMLMapper YAML = new YAMLMapper();

    public static InfrastructureManifest read(String folder, String manifestYaml) {
        JsonNode template;
        try {
            template = YAML.readTree(manifestYaml).path("infrastructure").path("templates").path(0);
        } catch (IOException e) {
            throw new ValidationException(folder + "/manifest.yaml is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!template.isObject()) {
            throw new ValidationException(folder + "/manifest.yaml names no infrastructure template");
        }
        JsonNode settings = template.path("settings");
        return new InfrastructureManifest(template.path("rendering_engine").asText(""), template.path("template_language").asText(null),
                template.path("file").asText(null), strings(settings.path("provision")), strings(settings.path("deprovision")));
    }

    public boolean codebuild() {
        return "codebuild".equals(renderingEngine);
    }

    public boolean terraform() {
        return "hcl".equals(renderingEngine) || "terraform".equals(templateLanguage);
    }

    public boolean cloudformation() {
        return "jinja".equals(renderingEngine) && !terraform();
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }
}
