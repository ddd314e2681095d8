package dev.pave.template.bundle;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One infrastructure folder's manifest.yaml, checked.
 *
 * @param folder              "infrastructure", "instance_infrastructure" or "pipeline_infrastructure"
 * @param files               bundle paths of the IaC files the engine renders; for CodeBuild, every file of the
 *                            folder but the manifest, since the commands may use any of them
 * @param provisionCommands   CodeBuild only, otherwise empty
 * @param deprovisionCommands CodeBuild only, otherwise empty
 * @param driftCommands       CodeBuild only, optional (a Pave extension): exit 2 means the infrastructure drifted
 * @param raw                 the parsed manifest
 */
public record Manifest(String folder, Engine engine, List<String> files, List<String> provisionCommands,
        List<String> deprovisionCommands, List<String> driftCommands, JsonNode raw) {

    public enum Engine {
        CLOUDFORMATION,
        TERRAFORM,
        CODEBUILD
    }

    public Manifest {
        files = List.copyOf(files);
        provisionCommands = List.copyOf(provisionCommands);
        deprovisionCommands = List.copyOf(deprovisionCommands);
        driftCommands = List.copyOf(driftCommands);
    }
}
