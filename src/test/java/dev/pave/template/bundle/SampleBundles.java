package dev.pave.template.bundle;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small valid bundles in the shapes of AWS's sample templates, written for these tests. */
final class SampleBundles {

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
                      pattern: ([0-9]{1,3}\\.){3}[0-9]{1,3}($|/(16|24))
            """;

    static final String SERVICE_SCHEMA = """
            schema:
              format:
                openapi: "3.0.0"
              service_input_type: "ServiceInput"
              pipeline_input_type: "PipelineInputs"
              types:
                ServiceInput:
                  type: object
                  properties:
                    port:
                      type: number
                      default: 80
                      minimum: 0
                      maximum: 65535
                    task_size:
                      type: string
                      enum: ["x-small", "small", "medium"]
                      default: "x-small"
                PipelineInputs:
                  type: object
                  properties:
                    dockerfile:
                      type: string
                      default: "Dockerfile"
                      minLength: 1
                      maxLength: 100
            """;

    static final String CLOUDFORMATION_MANIFEST = """
            infrastructure:
              templates:
                - file: "cloudformation.yaml"
                  rendering_engine: jinja
                  template_language: cloudformation
            """;

    static final String TERRAFORM_MANIFEST = """
            infrastructure:
              templates:
                - file: "*"
                  rendering_engine: hcl
                  template_language: terraform
            """;

    static final String CODEBUILD_MANIFEST = """
            infrastructure:
              templates:
                - rendering_engine: codebuild
                  settings:
                    image: aws/codebuild/standard:6.0
                    runtimes:
                      golang: 1.18
                    env:
                      variables:
                        TF_VERSION: 1.3.9
                    provision:
                      - cat proton-inputs.json
                      - terraform apply -auto-approve
                    deprovision:
                      - terraform destroy -auto-approve
                    drift:
                      - terraform plan -detailed-exitcode
            """;

    private SampleBundles() {
    }

    static Map<String, byte[]> cloudFormationEnvironment() {
        return Archives.files(
                "schema/schema.yaml", ENVIRONMENT_SCHEMA,
                "infrastructure/manifest.yaml", CLOUDFORMATION_MANIFEST,
                "infrastructure/cloudformation.yaml", "Resources: {}\n");
    }

    static Map<String, byte[]> cloudFormationService() {
        return Archives.files(
                ".compatible-envs", "fargate-env:1\n",
                "schema/schema.yaml", SERVICE_SCHEMA,
                "instance_infrastructure/manifest.yaml", CLOUDFORMATION_MANIFEST,
                "instance_infrastructure/cloudformation.yaml", "Resources: {}\n",
                "pipeline_infrastructure/manifest.yaml", CLOUDFORMATION_MANIFEST,
                "pipeline_infrastructure/cloudformation.yaml", "Resources: {}\n");
    }

    /** Like AWS's Terraform load-balanced-fargate-svc: 14 files, 10 of them .tf. */
    static Map<String, byte[]> terraformService() {
        Map<String, byte[]> files = new LinkedHashMap<>(Archives.files(
                ".compatible-envs", "vpc-env:1\n",
                "schema/schema.yaml", SERVICE_SCHEMA,
                "instance_infrastructure/manifest.yaml", TERRAFORM_MANIFEST,
                "pipeline_infrastructure/manifest.yaml", TERRAFORM_MANIFEST));
        for (String name : new String[] {"config", "data", "locals", "main", "outputs"}) {
            files.put("instance_infrastructure/" + name + ".tf", ("# " + name + "\n").getBytes());
            files.put("pipeline_infrastructure/" + name + ".tf", ("# " + name + "\n").getBytes());
        }
        return files;
    }

    static Map<String, byte[]> codeBuildEnvironment() {
        return Archives.files(
                "schema/schema.yaml", ENVIRONMENT_SCHEMA,
                "infrastructure/manifest.yaml", CODEBUILD_MANIFEST,
                "infrastructure/main.tf", "# main\n",
                "infrastructure/install-terraform.sh", "#!/bin/sh\n");
    }

    static Bundle bundle(Map<String, byte[]> files) {
        return BundleArchive.read(new java.io.ByteArrayInputStream(Archives.tarGz(files)));
    }
}
