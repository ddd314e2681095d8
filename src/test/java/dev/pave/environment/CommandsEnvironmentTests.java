package dev.pave.environment;

import static dev.pave.testing.ProtonClients.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.ProtonClients;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.proton.ProtonClient;
import software.amazon.awssdk.services.proton.model.DeploymentStatus;

/**
 * End to end with the real command provisioner: the bundle's commands read proton-inputs.json and write
 * proton-outputs.json, which become the environment's outputs; deletion runs the deprovision commands.
 */
@QuarkusTest
class CommandsEnvironmentTests {

    @TestHTTPResource("/")
    URL pave;

    @Test
    void codebuildTemplateDeploysThroughItsCommands() {
        ProtonClient proton = ProtonClients.admin(pave);
        EnvironmentTemplates templates = new EnvironmentTemplates(pave);
        templates.codebuild("commands-env", "1.0");

        proton.createEnvironment(b -> b.name("cmd-env").templateName("commands-env").templateMajorVersion("1")
                .spec("proton: EnvironmentSpec\nspec:\n  vpc_name: real\n  size: 7\n")
                .codebuildRoleArn("arn:aws:iam::123456789012:role/pave-codebuild"));
        templates.cli().proton("wait", "environment-deployed", "--name", "cmd-env").ok();

        Map<String, String> outputs = new HashMap<>();
        proton.listEnvironmentOutputs(b -> b.environmentName("cmd-env")).outputs().forEach(o -> outputs.put(o.key(), o.valueString()));
        assertEquals(Map.of("VpcName", "real", "Size", "7"), outputs);

        proton.deleteEnvironment(b -> b.name("cmd-env"));
        await(() -> proton.listEnvironments(b -> { }).environments().stream().anyMatch(e -> e.name().equals("cmd-env")), false);
        String deletion = proton.listDeployments(b -> b.environmentName("cmd-env")).deployments().get(0).id();
        assertEquals(DeploymentStatus.DELETE_COMPLETE, proton.getDeployment(b -> b.id(deletion)).deployment().deploymentStatus());
    }
}
