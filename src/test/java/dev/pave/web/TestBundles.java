package dev.pave.web;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small template bundles, built in memory, as a platform team would upload them. */
final class TestBundles {

    static final String ENVIRONMENT_SCHEMA = """
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

    static final String MANIFEST = """
            infrastructure:
              templates:
                - file: "cloudformation.yaml"
                  rendering_engine: jinja
                  template_language: cloudformation
            """;

    static final String CLOUDFORMATION = """
            AWSTemplateFormatVersion: '2010-09-09'
            Resources:
              VPC:
                Type: AWS::EC2::VPC
                Properties:
                  CidrBlock: '{{ environment.inputs.vpc_cidr }}'
            """;

    private TestBundles() {
    }

    /** A valid environment bundle: schema, CloudFormation manifest and template. */
    static byte[] environment() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("schema/schema.yaml", ENVIRONMENT_SCHEMA);
        files.put("infrastructure/manifest.yaml", MANIFEST);
        files.put("infrastructure/cloudformation.yaml", CLOUDFORMATION);
        return tarGz(files);
    }

    static byte[] tarGz(Map<String, String> files) {
        return dev.pave.testing.TestBundles.of(files).tarGz();
    }
}
