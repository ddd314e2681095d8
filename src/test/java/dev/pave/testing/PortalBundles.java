package dev.pave.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small template bundles, built in memory, as a platform team would upload them. */
public final class PortalBundles {

    public static final String ENVIRONMENT_SCHEMA = """
            schema:
              format:
                openapi: "3.0.0"
              environment_input_type: "VpcInput"
              types:
                VpcInput:
                  type: object
                  description: "Inputs of the VPC"
                  properties:
                    vpc_cidr:
                      title: "VPC CIDR"
                      type: string
                      default: 10.0.0.0/16
            """;

    public static final String MANIFEST = """
            infrastructure:
              templates:
                - file: "cloudformation.yaml"
                  rendering_engine: jinja
                  template_language: cloudformation
            """;

    public static final String CLOUDFORMATION = """
            AWSTemplateFormatVersion: '2010-09-09'
            Resources:
              VPC:
                Type: AWS::EC2::VPC
                Properties:
                  CidrBlock: '{{ environment.inputs.vpc_cidr }}'
            """;

    /** A service schema with every kind of input the documentation table shows, and pipeline inputs. */
    public static final String SERVICE_SCHEMA = """
            schema:
              format:
                openapi: "3.0.0"
              service_input_type: "WebInput"
              pipeline_input_type: "PipelineInput"
              types:
                WebInput:
                  type: object
                  description: "Inputs of the web service"
                  required: [name]
                  properties:
                    name: {type: string, title: "Service name", description: "What the service is called", minLength: 1, maxLength: 40}
                    size: {type: string, enum: [small, medium, large], default: small}
                    replicas: {type: integer, minimum: 1, maximum: 10, default: 2}
                    tags: {type: array, items: {type: string}, maxItems: 5}
                    network:
                      type: object
                      properties:
                        cidr: {type: string, title: "CIDR", pattern: "^[0-9./]+$", default: "10.0.0.0/16"}
                PipelineInput:
                  type: object
                  properties:
                    unit_test_command: {type: string, description: "Runs the tests", default: "make test"}
            """;

    public static final String COMMANDS_MANIFEST = """
            infrastructure:
              templates:
                - rendering_engine: codebuild
                  settings:
                    image: aws/codebuild/amazonlinux2-x86_64-standard:4.0
                    provision:
                      - bash provision.sh
                    deprovision:
                      - echo "Removing ${STACK_NAME}"
            """;

    private PortalBundles() {
    }

    /** A service bundle: instances on CloudFormation, the pipeline run as commands. */
    public static byte[] service() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("schema/schema.yaml", SERVICE_SCHEMA);
        files.put("instance_infrastructure/manifest.yaml", MANIFEST);
        files.put("instance_infrastructure/cloudformation.yaml", """
                AWSTemplateFormatVersion: '2010-09-09'
                Resources:
                  Queue:
                    Type: AWS::SQS::Queue
                    Properties:
                      QueueName: '{{ service_instance.inputs.name }}'
                """);
        files.put("pipeline_infrastructure/manifest.yaml", COMMANDS_MANIFEST);
        files.put("pipeline_infrastructure/provision.sh", "echo pipeline\n");
        return tarGz(files);
    }

    /** The files of the shipped sandbox sample, an environment Pave's command runner deploys with no cloud account. */
    public static Map<String, String> sandboxFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String path : new String[] {"schema/schema.yaml", "infrastructure/manifest.yaml", "infrastructure/provision.sh"}) {
            try (InputStream in = PortalBundles.class.getResourceAsStream("/samples/sandbox-env/" + path)) {
                files.put(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** A valid environment bundle: schema, CloudFormation manifest and template. */
    public static byte[] environment() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("schema/schema.yaml", ENVIRONMENT_SCHEMA);
        files.put("infrastructure/manifest.yaml", MANIFEST);
        files.put("infrastructure/cloudformation.yaml", CLOUDFORMATION);
        return tarGz(files);
    }

    public static byte[] tarGz(Map<String, String> files) {
        return dev.pave.testing.TestBundles.of(files).tarGz();
    }
}
