package dev.pave.provision.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.provision.Requests;
import org.junit.jupiter.api.Test;

/**
 * The generated variables match what Proton wrote in aws-samples/aws-proton-terraform-github-actions-sample
 * (blog_post_prod/…/proton.service_instance.variables.tf) and in Proton-generated pipeline files.
 */
class TerraformVariablesTest {

    @Test
    void serviceInstanceNamespacesAsProtonTypesThem() {
        String tf = TerraformVariables.render("arn:aws:proton:us-east-1:123456789012:service/svc/service-instance/prod", Requests.json("""
                {"environment": {"account_id": "617296401743", "name": "prod", "outputs": {"vpc_arn": "arn:aws:ec2:…"}},
                 "service": {"name": "lambdas"},
                 "service_instance": {"name": "prod", "inputs": {"function_name": "f", "memory": 512}},
                 "//": "managed by Proton"}"""));

        assertTrue(tf.startsWith("/*\nThis file is managed by Pave."), tf);
        assertTrue(tf.contains("arn:aws:proton:us-east-1:123456789012:service/svc/service-instance/prod"));
        assertEquals("""
                variable "environment" {
                  type = object({
                    account_id = string
                    name       = string
                    outputs    = map(string)
                  })
                  default = null
                }

                variable "service" {
                  type = object({
                    name = string
                  })
                  default = null
                }

                variable "service_instance" {
                  type = object({
                    name   = string
                    inputs = map(string)
                  })
                  default = null
                }
                """, tf.substring(tf.indexOf("*/\n") + 4));
    }

    @Test
    void pipelineInstancesAreAListOfObjects() {
        String tf = TerraformVariables.render("arn", Requests.json("""
                {"service_instances": [{"name": "a", "inputs": {}, "outputs": {}, "environment": {"account_id": "1", "name": "e", "outputs": {}}}],
                 "pipeline": {"inputs": {"unit_test_command": "make test"}}}"""));

        assertEquals("""
                variable "service_instances" {
                  type = list(
                    object({
                      name    = string
                      inputs  = map(string)
                      outputs = map(string)
                      environment = object({
                        account_id = string
                        name       = string
                        outputs    = map(string)
                      })
                    })
                  )
                }

                variable "pipeline" {
                  type = object({
                    inputs = map(string)
                  })
                  default = null
                }
                """, tf.substring(tf.indexOf("*/\n") + 4));
    }

    @Test
    void fileNamesFollowTheTargetType() {
        assertEquals("proton.environment.variables.tf", TerraformVariables.fileName("ENVIRONMENT"));
        assertEquals("proton.service_instance.variables.tf", TerraformVariables.fileName("SERVICE_INSTANCE"));
        assertEquals("proton.pipeline.variables.tf", TerraformVariables.fileName("SERVICE_PIPELINE"));
        assertEquals("proton.component.variables.tf", TerraformVariables.fileName("COMPONENT"));
    }
}
