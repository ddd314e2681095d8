package dev.pave.account;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.provision.StackNames;
import dev.pave.testing.AwsCli;
import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.ServiceTestFixtures;
import dev.pave.testing.WebUser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Proton's multi-account model with two accounts on moto: Pave's (the management account, 123456789012) and an
 * environment account (222222222222), reached by assuming the connection's role with STS. Everything through the real
 * aws CLI: a connection requested, accepted, an environment and a component deployed in the environment account (the
 * stacks exist there and not in Pave's), commands given that account's credentials, and Proton's refusals for pending,
 * rejected, duplicate and deleted connections.
 */
@QuarkusTest
class AccountConnectionTests {

    static final String PAVE_ACCOUNT = "123456789012";
    static final String ENV_ACCOUNT = "222222222222";
    static final String ROLE = "arn:aws:iam::" + ENV_ACCOUNT + ":role/pave-environment";
    static final String TEMPLATE = """
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: "{{ environment.name }}-{{ environment.account_id }}"
            Outputs:
              QueueArn:
                Value: !GetAtt Queue.Arn
            """;
    static final String COMPONENT_MANIFEST = """
            infrastructure:
              templates:
                - file: "cloudformation.yaml"
                  rendering_engine: jinja
                  template_language: cloudformation
            """;

    @TestHTTPResource("/")
    URL pave;

    @Test
    void anAcceptedConnectionProvisionsTheEnvironmentAndItsComponentsInTheEnvironmentAccount() {
        EnvironmentTemplates templates = new EnvironmentTemplates(pave);
        AwsCli cli = templates.cli();
        templates.cloudformation("multi-env", TEMPLATE, "1.0");

        JsonNode requested = connection(cli.proton("create-environment-account-connection", "--environment-name", "multi-a",
                "--management-account-id", PAVE_ACCOUNT, "--role-arn", ROLE, "--component-role-arn", "arn:aws:iam::" + ENV_ACCOUNT + ":role/pave-component",
                "--client-token", "multi-a-1").ok());
        String id = requested.path("id").asText();
        assertEquals("PENDING", requested.path("status").asText(), requested.toString());
        assertEquals(ENV_ACCOUNT, requested.path("environmentAccountId").asText());
        assertEquals("arn:aws:proton:us-east-1:" + PAVE_ACCOUNT + ":environment-account-connection/" + id, requested.path("arn").asText());
        assertEquals(id, connection(cli.proton("create-environment-account-connection", "--environment-name", "multi-a",
                "--management-account-id", PAVE_ACCOUNT, "--role-arn", ROLE, "--client-token", "multi-a-1").ok()).path("id").asText(),
                "a retried request answers the same connection");
        refused(cli.proton("create-environment-account-connection", "--environment-name", "multi-a", "--management-account-id", PAVE_ACCOUNT,
                "--role-arn", ROLE), "ConflictException", "already has a connection for environment multi-a");
        refused(cli.proton("create-environment-account-connection", "--environment-name", "multi-x", "--management-account-id", "999999999999",
                "--role-arn", ROLE), "ValidationException", "is not this Pave's account");

        // pending: not usable yet
        refused(createEnvironment(cli, "multi-a", id), "ValidationException", "is PENDING");
        assertEquals("CONNECTED", connection(cli.proton("accept-environment-account-connection", "--id", id).ok()).path("status").asText());
        refused(cli.proton("accept-environment-account-connection", "--id", id), "ConflictException", "only a PENDING one can be accepted");
        refused(createEnvironment(cli, "multi-other", id), "ValidationException", "is for environment multi-a");

        createEnvironment(cli, "multi-a", id).ok();
        JsonNode env = ServiceTestFixtures.awaitJson(() -> cli.proton("get-environment", "--name", "multi-a").ok().json().path("environment"),
                e -> !e.path("deploymentStatus").asText().endsWith("IN_PROGRESS"), "multi-a deployed");
        assertEquals("SUCCEEDED", env.path("deploymentStatus").asText(), env.toString());
        assertEquals(id, env.path("environmentAccountConnectionId").asText());
        assertEquals(ENV_ACCOUNT, env.path("environmentAccountId").asText());
        String queueArn = cli.proton("list-environment-outputs", "--environment-name", "multi-a").ok().json().path("outputs").get(0)
                .path("valueString").asText();
        assertEquals("arn:aws:sqs:us-east-1:" + ENV_ACCOUNT + ":multi-a-" + ENV_ACCOUNT, queueArn, "rendered and provisioned in the environment account");
        assertTrue(stackIn(templates, ENV_ACCOUNT, StackNames.environment("multi-a")), "the stack is in the environment account");
        assertTrue(!stackIn(templates, null, StackNames.environment("multi-a")), "and not in Pave's");

        // a component in the environment goes to the same account, with the connection's component role
        cli.proton("create-component", "--name", "multi-queue", "--environment-name", "multi-a", "--manifest", COMPONENT_MANIFEST,
                "--template-file", "Resources:\n  Extra:\n    Type: AWS::SQS::Queue\n").ok();
        JsonNode component = ServiceTestFixtures.awaitJson(() -> cli.proton("get-component", "--name", "multi-queue").ok().json().path("component"),
                c -> !c.path("deploymentStatus").asText().endsWith("IN_PROGRESS"), "component deployed");
        assertEquals("SUCCEEDED", component.path("deploymentStatus").asText(), component.toString());
        assertTrue(stackIn(templates, ENV_ACCOUNT, StackNames.component("multi-queue")) && !stackIn(templates, null, StackNames.component("multi-queue")));

        // the portal offers the connected account on the environment form, and creates through it
        String other2 = connection(cli.proton("create-environment-account-connection", "--environment-name", "multi-portal",
                "--management-account-id", PAVE_ACCOUNT, "--role-arn", ROLE).ok()).path("id").asText();
        cli.proton("accept-environment-account-connection", "--id", other2).ok();
        WebUser admin = WebUser.admin();
        admin.request().get("/environments/new?template=multi-env&version=1.0").then().statusCode(200)
                .body(containsString("id=\"f-provisioning-connection\""),
                        containsString("<option value=\"" + other2 + "\">Account " + ENV_ACCOUNT + ", for environment multi-portal</option>"));
        admin.form().formParam("template", "multi-env").formParam("version", "1.0").formParam("name", "multi-portal")
                .formParam("provisioning", "connection").formParam("environmentAccountConnectionId", other2).formParam("input.vpc_name", "portal")
                .post("/environments").then().statusCode(303);
        JsonNode portal = ServiceTestFixtures.awaitJson(() -> cli.proton("get-environment", "--name", "multi-portal").ok().json().path("environment"),
                e -> !e.path("deploymentStatus").asText().endsWith("IN_PROGRESS"), "multi-portal deployed");
        assertEquals("SUCCEEDED", portal.path("deploymentStatus").asText(), portal.toString());
        assertTrue(stackIn(templates, ENV_ACCOUNT, StackNames.environment("multi-portal")));
        // a connection made for another environment is refused inline
        admin.form().formParam("template", "multi-env").formParam("version", "1.0").formParam("name", "multi-portal-2")
                .formParam("provisioning", "connection").formParam("environmentAccountConnectionId", other2).formParam("input.vpc_name", "portal")
                .post("/environments").then().statusCode(400).body(containsString("is for environment multi-portal, not multi-portal-2"));

        // in use: can't be rejected; listed as connected
        refused(cli.proton("reject-environment-account-connection", "--id", id), "ConflictException", "is connected to environment multi-a");
        JsonNode listed = cli.proton("list-environment-account-connections", "--requested-by", "MANAGEMENT_ACCOUNT", "--statuses", "CONNECTED")
                .ok().json().path("environmentAccountConnections");
        assertTrue(listed.toString().contains(id), listed.toString());

        // a rejected connection can't be accepted or used
        String other = connection(cli.proton("create-environment-account-connection", "--environment-name", "multi-b",
                "--management-account-id", PAVE_ACCOUNT, "--role-arn", ROLE).ok()).path("id").asText();
        assertEquals("REJECTED", connection(cli.proton("reject-environment-account-connection", "--id", other).ok()).path("status").asText());
        refused(cli.proton("accept-environment-account-connection", "--id", other), "ConflictException", "is REJECTED");
        refused(createEnvironment(cli, "multi-b", other), "ValidationException", "is REJECTED");

        // deleted: gone, and its environment can't be provisioned until a new connection is accepted
        cli.proton("delete-environment-account-connection", "--id", id).ok();
        refused(cli.proton("get-environment-account-connection", "--id", id), "ResourceNotFoundException", id);
        refused(cli.proton("update-environment", "--name", "multi-a", "--deployment-type", "CURRENT_VERSION"), "ValidationException",
                "does not exist (deleted?)");
        String renewed = connection(cli.proton("create-environment-account-connection", "--environment-name", "multi-a",
                "--management-account-id", PAVE_ACCOUNT, "--role-arn", ROLE).ok()).path("id").asText();
        cli.proton("accept-environment-account-connection", "--id", renewed).ok();
        cli.proton("update-environment", "--name", "multi-a", "--deployment-type", "CURRENT_VERSION", "--environment-account-connection-id", renewed).ok();
        env = ServiceTestFixtures.awaitJson(() -> cli.proton("get-environment", "--name", "multi-a").ok().json().path("environment"),
                e -> !e.path("deploymentStatus").asText().endsWith("IN_PROGRESS"), "multi-a updated");
        assertEquals("SUCCEEDED", env.path("deploymentStatus").asText(), env.toString());
        assertEquals(renewed, env.path("environmentAccountConnectionId").asText());
    }

    @Test
    void commandsRunWithTheEnvironmentAccountsCredentials() {
        EnvironmentTemplates templates = new EnvironmentTemplates(pave);
        AwsCli cli = templates.cli();
        templates.publish("multi-commands", Map.of("schema/schema.yaml", EnvironmentTemplates.SCHEMA,
                "infrastructure/manifest.yaml", EnvironmentTemplates.codebuildManifest("python3 whoami.py"),
                "infrastructure/whoami.py", """
                        import json, os
                        json.dump({"KeyKind": os.environ.get("AWS_ACCESS_KEY_ID", "")[:4],
                                   "HasSessionToken": str(bool(os.environ.get("AWS_SESSION_TOKEN")))}, open("proton-outputs.json", "w"))
                        """), "1.0");
        String id = connection(cli.proton("create-environment-account-connection", "--environment-name", "multi-cmd",
                "--management-account-id", PAVE_ACCOUNT, "--role-arn", ROLE, "--codebuild-role-arn", "arn:aws:iam::" + ENV_ACCOUNT + ":role/pave-codebuild")
                .ok()).path("id").asText();
        cli.proton("accept-environment-account-connection", "--id", id).ok();
        cli.proton("create-environment", "--name", "multi-cmd", "--template-name", "multi-commands", "--template-major-version", "1",
                "--spec", "proton: EnvironmentSpec\nspec:\n  vpc_name: cmd\n", "--environment-account-connection-id", id).ok();
        JsonNode env = ServiceTestFixtures.awaitJson(() -> cli.proton("get-environment", "--name", "multi-cmd").ok().json().path("environment"),
                e -> !e.path("deploymentStatus").asText().endsWith("IN_PROGRESS"), "multi-cmd deployed");
        assertEquals("SUCCEEDED", env.path("deploymentStatus").asText(), env.toString());
        Map<String, String> outputs = new java.util.TreeMap<>();
        cli.proton("list-environment-outputs", "--environment-name", "multi-cmd").ok().json().path("outputs")
                .forEach(o -> outputs.put(o.path("key").asText(), o.path("valueString").asText()));
        // moto's assumed-role keys start with ASIA, like AWS's temporary ones; Pave's own are not passed to commands
        assertEquals(Map.of("KeyKind", "ASIA", "HasSessionToken", "True"), outputs);

        // a connection without a CodeBuild role can't provision command templates
        String bare = connection(cli.proton("create-environment-account-connection", "--environment-name", "multi-cmd-2",
                "--management-account-id", PAVE_ACCOUNT, "--role-arn", ROLE).ok()).path("id").asText();
        cli.proton("accept-environment-account-connection", "--id", bare).ok();
        refused(cli.proton("create-environment", "--name", "multi-cmd-2", "--template-name", "multi-commands", "--template-major-version", "1",
                "--spec", "proton: EnvironmentSpec\nspec:\n  vpc_name: cmd\n", "--environment-account-connection-id", bare), "ValidationException",
                "has none");
        refused(cli.proton("create-environment", "--name", "multi-cmd-2", "--template-name", "multi-commands", "--template-major-version", "1",
                "--spec", "proton: EnvironmentSpec\nspec:\n  vpc_name: cmd\n", "--environment-account-connection-id", bare,
                "--codebuild-role-arn", "arn:aws:iam::" + PAVE_ACCOUNT + ":role/pave-codebuild"), "ValidationException", "can't be combined");
    }

    private static AwsCli.Result createEnvironment(AwsCli cli, String name, String connection) {
        return cli.proton("create-environment", "--name", name, "--template-name", "multi-env", "--template-major-version", "1",
                "--spec", "proton: EnvironmentSpec\nspec:\n  vpc_name: multi\n", "--environment-account-connection-id", connection);
    }

    private static JsonNode connection(AwsCli.Result result) {
        return result.json().path("environmentAccountConnection");
    }

    private static void refused(AwsCli.Result result, String error, String message) {
        assertNotEquals(0, result.exitCode(), result.stdout());
        assertTrue(result.stderr().contains(error) && result.stderr().contains(message), result.stderr());
    }

    /** Whether the stack exists in {@code account} (null: moto's default account, Pave's), asked as a role there. */
    private static boolean stackIn(EnvironmentTemplates templates, String account, String stack) {
        List<String> args = new ArrayList<>(List.of("cloudformation", "describe-stacks", "--stack-name", stack));
        if (account == null) {
            return templates.moto(args.toArray(String[]::new)).exitCode() == 0;
        }
        return templates.motoAs(templates.credentialsIn(account), args.toArray(String[]::new)).exitCode() == 0;
    }
}
