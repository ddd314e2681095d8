package dev.pave.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Environment templates whose provisioning is one command (run by Pave's command runner, as Proton's CodeBuild
 * provisioning), published through the real {@code aws} CLI from a bundle uploaded to moto's S3: what the packaged
 * Pave tests deploy. The spec's one input, {@code seconds}, is there for the command to read.
 */
public final class CommandTemplates {

    private CommandTemplates() {
    }

    /** Publishes version 1.0 of {@code name}: {@code command} provisions, {@code script} ships as {@code infrastructure/slow.sh}. */
    public static void publish(AwsCli cli, MotoServer moto, Path scratch, String name, String command, String script) {
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
        byte[] bundle = TestBundles.empty().with("schema/schema.yaml", schema).with("infrastructure/manifest.yaml", manifest)
                .with("infrastructure/slow.sh", script).tarGz();
        String key = name + ".tar.gz";
        Path file = TestBundles.write(scratch.resolve(key), bundle);
        Map<String, String> motoEnv = moto.cliEnvironment();
        cli.run(List.of("aws", "--endpoint-url", moto.endpoint(), "s3", "mb", "s3://bundles"), motoEnv);
        cli.run(List.of("aws", "--endpoint-url", moto.endpoint(), "s3", "cp", file.toString(), "s3://bundles/" + key), motoEnv).ok();
        cli.proton("create-environment-template", "--name", name).ok();
        JsonNode v = cli.proton("create-environment-template-version", "--template-name", name,
                "--source", "s3={bucket=bundles,key=" + key + "}").ok().json().get("environmentTemplateVersion");
        assertEquals("DRAFT", v.get("status").asText(), v.toString());
        cli.proton("update-environment-template-version", "--template-name", name, "--major-version", "1", "--minor-version", "0",
                "--status", "PUBLISHED").ok();
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
