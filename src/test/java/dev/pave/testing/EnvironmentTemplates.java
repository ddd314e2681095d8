package dev.pave.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Publishes environment templates the way a platform team does: a tar.gz bundle uploaded to S3 (moto), registered and
 * published with the aws CLI.
 */
public final class EnvironmentTemplates {

    /** An input type with a required string, a defaulted number and a pattern. */
    public static final String SCHEMA = """
            schema:
              format:
                openapi: "3.0.0"
              environment_input_type: "EnvInput"
              types:
                EnvInput:
                  type: object
                  description: "Inputs of the test environment"
                  properties:
                    vpc_name:
                      type: string
                      pattern: "^[a-z][a-z0-9-]*$"
                    size:
                      type: number
                      default: 3
                      minimum: 1
                  required:
                    - vpc_name
            """;

    /** CodeBuild provisioning: the commands write proton-outputs.json from proton-inputs.json. */
    public static final String CODEBUILD_MANIFEST = """
            infrastructure:
              templates:
                - rendering_engine: codebuild
                  settings:
                    image: aws/codebuild/amazonlinux2-x86_64-standard:4.0
                    runtimes:
                      python: 3.11
                    provision:
                      - python3 make_outputs.py
                    deprovision:
                      - echo deprovisioned
            """;

    /** CodeBuild provisioning that runs {@code command} (e.g. {@code python3 provision.py}, shipped in infrastructure/). */
    public static String codebuildManifest(String command) {
        return CODEBUILD_MANIFEST.replace("python3 make_outputs.py", command);
    }

    public static final String CLOUDFORMATION_MANIFEST = """
            infrastructure:
              templates:
                - file: "cloudformation.yaml"
                  rendering_engine: jinja
                  template_language: cloudformation
            """;

    private static final String MAKE_OUTPUTS = """
            import json
            inputs = json.load(open("proton-inputs.json"))["environment"]["inputs"]
            json.dump({"VpcName": inputs["vpc_name"], "Size": str(inputs["size"])}, open("proton-outputs.json", "w"))
            """;

    private final AwsCli cli;
    private final String motoEndpoint;
    private final Map<String, String> motoEnvironment;
    private final String bucket = "pave-test-bundles";

    /** For a {@code @QuarkusTest}'s Pave, as its admin, bundles in the shared moto. */
    public EnvironmentTemplates(URL pave) {
        this(new AwsCli(pave.toString(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET),
                ConfigProvider.getConfig().getValue("pave.aws.endpoint-url", String.class), MotoServer.shared().cliEnvironment());
    }

    /** For any Pave {@code cli} talks to (e.g. a packaged one), bundles in {@code moto}. */
    public EnvironmentTemplates(AwsCli cli, MotoServer moto) {
        this(cli, moto.endpoint(), moto.cliEnvironment());
    }

    private EnvironmentTemplates(AwsCli cli, String motoEndpoint, Map<String, String> motoEnvironment) {
        this.cli = cli;
        this.motoEndpoint = motoEndpoint;
        this.motoEnvironment = motoEnvironment;
    }

    public AwsCli cli() {
        return cli;
    }

    /** A codebuild template with the given versions ("1.0", "1.1", "2.0" …, created in that order) published. */
    public void codebuild(String name, String... versions) {
        publish(name, Map.of("schema/schema.yaml", SCHEMA, "infrastructure/manifest.yaml", CODEBUILD_MANIFEST,
                "infrastructure/make_outputs.py", MAKE_OUTPUTS), versions);
    }

    /** A CloudFormation template whose stack template is {@code cloudformationYaml} (Jinja). */
    public void cloudformation(String name, String cloudformationYaml, String... versions) {
        publish(name, Map.of("schema/schema.yaml", SCHEMA, "infrastructure/manifest.yaml", CLOUDFORMATION_MANIFEST,
                "infrastructure/cloudformation.yaml", cloudformationYaml), versions);
    }

    public void publish(String name, Map<String, String> files, String... versions) {
        cli.proton("create-environment-template", "--name", name).ok();
        addVersions(name, files, versions);
    }

    /** More published versions of an existing template, from another bundle ("1.1", "2.0" …, created in that order). */
    public void addVersions(String name, Map<String, String> files, String... versions) {
        String key = name + "-" + versions[0] + ".tar.gz";
        upload(key, tarGz(files));
        for (String version : versions) {
            String major = version.substring(0, version.indexOf('.'));
            List<String> args = new java.util.ArrayList<>(List.of("create-environment-template-version", "--template-name", name,
                    "--source", "s3={bucket=" + bucket + ",key=" + key + "}"));
            if (!version.endsWith(".0")) {
                args.addAll(List.of("--major-version", major));
            }
            String status = cli.proton(args.toArray(String[]::new)).ok().json().path("environmentTemplateVersion").path("status").asText();
            if (!"DRAFT".equals(status)) {
                throw new AssertionError("version " + version + " of " + name + " registered as " + status);
            }
            cli.proton("update-environment-template-version", "--template-name", name, "--major-version", major,
                    "--minor-version", version.substring(version.indexOf('.') + 1), "--status", "PUBLISHED").ok();
        }
    }

    /** {@code aws <args>} against moto, e.g. {@code cloudwatch set-alarm-state …}. */
    public AwsCli.Result moto(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("aws", "--endpoint-url", motoEndpoint, "--output", "json"));
        command.addAll(List.of(args));
        return cli.run(command, motoEnvironment);
    }

    /** Temporary credentials of a role in {@code account}, from moto's STS: what reaches that account's resources. */
    public Map<String, String> credentialsIn(String account) {
        JsonNode credentials = moto("sts", "assume-role", "--role-arn", "arn:aws:iam::" + account + ":role/test-reader",
                "--role-session-name", "test").ok().json().path("Credentials");
        return Map.of("AWS_ACCESS_KEY_ID", credentials.path("AccessKeyId").asText(), "AWS_SECRET_ACCESS_KEY", credentials.path("SecretAccessKey").asText(),
                "AWS_SESSION_TOKEN", credentials.path("SessionToken").asText());
    }

    /** {@code aws <args>} against moto with other credentials, e.g. an assumed role's in another account. */
    public AwsCli.Result motoAs(Map<String, String> credentials, String... args) {
        Map<String, String> environment = new java.util.HashMap<>(motoEnvironment);
        environment.putAll(credentials);
        List<String> command = new java.util.ArrayList<>(List.of("aws", "--endpoint-url", motoEndpoint, "--output", "json"));
        command.addAll(List.of(args));
        return cli.run(command, environment);
    }

    private void upload(String key, byte[] bundle) {
        try {
            Path file = Files.createTempFile("bundle", ".tar.gz");
            Files.write(file, bundle);
            cli.run(List.of("aws", "--endpoint-url", motoEndpoint, "s3", "mb", "s3://" + bucket), motoEnvironment); // exists after the first
            cli.run(List.of("aws", "--endpoint-url", motoEndpoint, "s3", "cp", file.toString(), "s3://" + bucket + "/" + key), motoEnvironment).ok();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] tarGz(Map<String, String> files) {
        return dev.pave.testing.TestBundles.of(files).tarGz();
    }
}
