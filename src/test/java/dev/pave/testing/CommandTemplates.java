package dev.pave.testing;

import java.util.Map;

/**
 * Environment templates whose provisioning is one command (run by Pave's command runner, as Proton's CodeBuild
 * provisioning), published like {@link EnvironmentTemplates}: what the packaged Pave tests deploy. The spec's one
 * input, {@code seconds}, is there for the command to read.
 */
public final class CommandTemplates {

    private CommandTemplates() {
    }

    /** Publishes version 1.0 of {@code name}: {@code command} provisions, {@code script} ships as {@code infrastructure/slow.sh}. */
    public static void publish(AwsCli cli, MotoServer moto, String name, String command, String script) {
        String schema = """
                schema:
                  format:
                    openapi: "3.0.0"
                  environment_input_type: "SlowInput"
                  types:
                    SlowInput:
                      type: object
                      properties:
                        seconds:
                          type: integer
                          default: 120
                """;
        String manifest = """
                infrastructure:
                  templates:
                    - rendering_engine: codebuild
                      settings:
                        provision:
                          - %s
                        deprovision:
                          - echo gone
                """.formatted(yamlString(command));
        new EnvironmentTemplates(cli, moto).publish(name, Map.of("schema/schema.yaml", schema, "infrastructure/manifest.yaml", manifest,
                "infrastructure/slow.sh", script), "1.0");
    }

    /** Starts an environment of {@code template} whose spec gives {@code seconds}. */
    public static void createEnvironment(AwsCli cli, String name, String template, int seconds) {
        cli.proton("create-environment", "--name", name, "--template-name", template, "--template-major-version", "1",
                "--codebuild-role-arn", "arn:aws:iam::123456789012:role/CodeBuild",
                "--spec", "proton: EnvironmentSpec\nspec:\n  seconds: " + seconds + "\n").ok();
    }

    /** A YAML double-quoted scalar. */
    private static String yamlString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
