package dev.pave.deploy;

import static dev.pave.testing.ProtonClients.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.identity.Caller;
import dev.pave.provision.ProvisionOutcome;
import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.ProtonClients;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.proton.ProtonClient;
import software.amazon.awssdk.services.proton.model.ConflictException;
import software.amazon.awssdk.services.proton.model.DeploymentStatus;
import software.amazon.awssdk.services.proton.model.Environment;

/**
 * The engine on the real database with real workers, leases and heartbeats; only the provisioner is scripted. A dead
 * worker is simulated by expiring its lease in the database while its provisioner is still running.
 */
@QuarkusTest
class DeploymentEngineTests {

    static final String ROLE = "arn:aws:iam::123456789012:role/pave-codebuild";
    static final String SPEC = "proton: EnvironmentSpec\nspec:\n  vpc_name: main\n";

    @TestHTTPResource("/")
    URL pave;

    @Inject
    DeploymentService deployments;

    static boolean published;
    ProtonClient proton;
    EnvironmentTemplates templates;

    @BeforeEach
    void setUp() {
        proton = ProtonClients.admin(pave);
        templates = new EnvironmentTemplates(pave);
        if (!published) {
            templates.codebuild("engine-env", "1.0");
            published = true;
        }
    }

    private void create(String name) {
        proton.createEnvironment(b -> b.name(name).templateName("engine-env").templateMajorVersion("1").spec(SPEC).codebuildRoleArn(ROLE));
    }

    private Environment get(String name) {
        return proton.getEnvironment(b -> b.name(name)).environment();
    }

    private DeploymentStatus status(String name) {
        return get(name).deploymentStatus();
    }

    private List<String> events(String deploymentId) {
        return deployments.events(Caller.system(), deploymentId, 0, 1000).stream().map(DeploymentEvent::message).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void oneActiveDeploymentPerTargetAndCancelStopsIt() {
        AtomicBoolean sawCancel = new AtomicBoolean();
        ScriptedProvisioners p = ScriptedProvisioners.install(ctx -> {
            while (!ctx.cancelRequested()) {
                sleep(50);
            }
            sawCancel.set(true);
            return new ProvisionOutcome.Cancelled("stack update cancelled, prior state restored");
        });
        create("eng-cancel");
        await(() -> p.runs.size(), 1);
        String id = get("eng-cancel").lastAttemptedDeploymentId();

        var second = assertThrows(ConflictException.class, () -> proton.updateEnvironment(b -> b.name("eng-cancel")
                .deploymentType("CURRENT_VERSION").spec(SPEC)));
        assertTrue(second.getMessage().contains("in progress"), second.getMessage());
        assertThrows(ConflictException.class, () -> proton.deleteEnvironment(b -> b.name("eng-cancel")));
        assertThrows(ConflictException.class, () -> proton.deleteDeployment(b -> b.id(id)));
        // a deployment Pave's own provisioner runs takes no notifications
        String arn = proton.getEnvironment(b -> b.name("eng-cancel")).environment().arn();
        var notified = assertThrows(software.amazon.awssdk.services.proton.model.ValidationException.class,
                () -> proton.notifyResourceDeploymentStatusChange(b -> b.resourceArn(arn).deploymentId(id)
                        .outputs(o -> o.key("Injected").valueString("x"))));
        assertTrue(notified.getMessage().contains("reports its outcome itself"), notified.getMessage());

        Environment cancelling = proton.cancelEnvironmentDeployment(b -> b.environmentName("eng-cancel")).environment();
        assertEquals(DeploymentStatus.CANCELLING, cancelling.deploymentStatus());
        await(() -> status("eng-cancel"), DeploymentStatus.CANCELLED);
        assertTrue(sawCancel.get(), "the provisioner saw the cancel through the heartbeat");
        var deployment = proton.getDeployment(b -> b.id(id)).deployment();
        assertEquals(DeploymentStatus.CANCELLED, deployment.deploymentStatus());
        assertTrue(deployment.completedAt() != null);
        // finished: may be cancelled no more, and may leave the history
        assertThrows(software.amazon.awssdk.services.proton.model.ValidationException.class,
                () -> proton.cancelEnvironmentDeployment(b -> b.environmentName("eng-cancel")));
        proton.deleteDeployment(b -> b.id(id));
        assertTrue(proton.listDeployments(b -> b.environmentName("eng-cancel")).deployments().isEmpty());
    }

    @Test
    void aDeploymentThatFinishesBeforeTheCancelTakesEffectSucceeded() {
        ScriptedProvisioners p = ScriptedProvisioners.install(ctx -> {
            while (!ctx.cancelRequested()) {
                sleep(50);
            }
            return new ProvisionOutcome.Succeeded(Map.of(), List.of()); // the stack update completed first
        });
        create("eng-late-cancel");
        await(() -> p.runs.size(), 1);
        proton.cancelEnvironmentDeployment(b -> b.environmentName("eng-late-cancel"));
        await(() -> status("eng-late-cancel"), DeploymentStatus.SUCCEEDED);
    }

    @Test
    void aTakenOverDeploymentResumesFromItsCheckpointAndIsProvisionedOnce() throws Exception {
        AtomicInteger provisioned = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean staleWorkerStopped = new AtomicBoolean();
        ScriptedProvisioners p = ScriptedProvisioners.install(ctx -> {
            ObjectNode checkpoint = ctx.checkpoint();
            if (checkpoint.has("stack")) {
                ctx.log("resuming " + checkpoint.get("stack").asText() + " instead of creating it again");
                return new ProvisionOutcome.Succeeded(Map.of("FinishedBy", "attempt " + ctx.attempt()), List.of());
            }
            provisioned.incrementAndGet();
            checkpoint.put("stack", "stack-" + ctx.request().deploymentId());
            ctx.saveCheckpoint(checkpoint);
            try {
                release.await(30, TimeUnit.SECONDS); // the worker hangs here, as if its process were gone
                ctx.saveCheckpoint(checkpoint.put("done", true));
            } catch (DeploymentWorkers.LeaseLostException e) {
                staleWorkerStopped.set(true);
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ProvisionOutcome.Succeeded(Map.of("FinishedBy", "attempt 1"), List.of());
        });
        create("eng-crash");
        String id = get("eng-crash").lastAttemptedDeploymentId();
        await(() -> QuarkusTransaction.requiringNew().call(() -> Deployment.<Deployment>findById(id).checkpoint.contains("stack")), true);

        // the worker dies: nobody extends its lease, which expires
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery(
                "update deployment set lease_owner = 'dead-worker', lease_expires_at = clock_timestamp() - interval '1 second' where id = ?1")
                .setParameter(1, id).executeUpdate());

        await(() -> status("eng-crash"), DeploymentStatus.SUCCEEDED);
        release.countDown();
        await(staleWorkerStopped::get, true);

        assertEquals(1, provisioned.get(), "the stack was created once");
        assertEquals(2, p.runs.size());
        Deployment d = QuarkusTransaction.requiringNew().call(() -> Deployment.<Deployment>findById(id));
        assertEquals(2, d.attempt);
        assertEquals(DeploymentStatus.SUCCEEDED.name(), d.status.name());
        assertEquals("attempt 2", proton.listEnvironmentOutputs(b -> b.environmentName("eng-crash")).outputs().get(0).valueString());

        List<String> log = events(id);
        assertTrue(log.get(0).startsWith("Environment eng-crash: deployment queued, provisioned by "), log.get(0));
        assertTrue(log.contains("Started"), log.toString());
        assertTrue(log.contains("Started again (attempt 2): the Pave running it before stopped answering"), log.toString());
        assertTrue(log.stream().noneMatch(m -> m.contains("claimed")), "lease tokens stay in Pave's own log: " + log);
        assertTrue(log.stream().anyMatch(m -> m.startsWith("resuming stack-")), log.toString());
        assertTrue(log.contains("SUCCEEDED"), log.toString());

        // the log reads from a cursor, in order
        var all = deployments.events(Caller.system(), id, 0, 1000);
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).seq());
        }
        var rest = deployments.events(Caller.system(), id, 2, 1000);
        assertEquals(all.size() - 2, rest.size());
        assertEquals(3, rest.get(0).seq());
    }

    @Test
    void selfManagedWaitsForNotificationsThatFinishItAndMergeOutputs() {
        ScriptedProvisioners.install(ctx -> new ProvisionOutcome.AwaitingNotification("pave/" + ctx.request().deploymentId()));
        create("eng-notify");
        Environment e = get("eng-notify");
        String arn = e.arn();
        await(() -> QuarkusTransaction.requiringNew().call(() -> Deployment.<Deployment>findById(e.lastAttemptedDeploymentId()).awaitingNotification), true);
        sleep(500);
        assertEquals(DeploymentStatus.IN_PROGRESS, status("eng-notify"), "waits for the outside system, not for a worker");

        templates.cli().proton("notify-resource-deployment-status-change", "--resource-arn", arn, "--status", "IN_PROGRESS",
                "--outputs", "key=VpcId,valueString=vpc-1").ok();
        assertEquals(DeploymentStatus.IN_PROGRESS, status("eng-notify"));
        templates.cli().proton("notify-resource-deployment-status-change", "--resource-arn", arn, "--status", "SUCCEEDED",
                "--outputs", "key=SubnetId,valueString=subnet-1").ok();
        assertEquals(DeploymentStatus.SUCCEEDED, status("eng-notify"));
        assertEquals(Map.of("VpcId", "vpc-1", "SubnetId", "subnet-1"), outputs("eng-notify"));

        // a finished deployment is not changed by late notifications, and the last succeeded one stays in the history
        var late = templates.cli().proton("notify-resource-deployment-status-change", "--resource-arn", arn,
                "--deployment-id", e.lastAttemptedDeploymentId(), "--outputs", "key=VpcId,valueString=vpc-2");
        assertTrue(late.exitCode() != 0 && late.stderr().contains("ValidationException") && late.stderr().contains("already SUCCEEDED"), late.stderr());
        assertEquals(Map.of("VpcId", "vpc-1", "SubnetId", "subnet-1"), outputs("eng-notify"));
        assertThrows(ConflictException.class, () -> proton.deleteDeployment(b -> b.id(e.lastAttemptedDeploymentId())));

        // a failed update keeps the last good state
        String spec2 = "proton: EnvironmentSpec\nspec:\n  vpc_name: other\n";
        proton.updateEnvironment(b -> b.name("eng-notify").deploymentType("CURRENT_VERSION").spec(spec2));
        await(() -> QuarkusTransaction.requiringNew().call(() -> Deployment.<Deployment>findById(get("eng-notify").lastAttemptedDeploymentId()).awaitingNotification), true);
        templates.cli().proton("notify-resource-deployment-status-change", "--resource-arn", arn, "--status", "FAILED",
                "--status-message", "terraform apply failed").ok();
        Environment failed = get("eng-notify");
        assertEquals(DeploymentStatus.FAILED, failed.deploymentStatus());
        assertEquals("terraform apply failed", failed.deploymentStatusMessage());
        assertEquals(SPEC, failed.spec());
        assertEquals(e.lastAttemptedDeploymentId(), failed.lastSucceededDeploymentId());
        // a finished deployment can't be finished again
        var again = templates.cli().proton("notify-resource-deployment-status-change", "--resource-arn", arn,
                "--deployment-id", failed.lastAttemptedDeploymentId(), "--status", "SUCCEEDED");
        assertTrue(again.exitCode() != 0 && again.stderr().contains("ValidationException"), again.stderr());

        // cancelling a handed-over deployment is immediate
        proton.updateEnvironment(b -> b.name("eng-notify").deploymentType("CURRENT_VERSION").spec(spec2));
        String third = get("eng-notify").lastAttemptedDeploymentId();
        await(() -> QuarkusTransaction.requiringNew().call(() -> Deployment.<Deployment>findById(third).awaitingNotification), true);
        assertEquals(DeploymentStatus.CANCELLED, proton.cancelEnvironmentDeployment(b -> b.environmentName("eng-notify")).environment().deploymentStatus());
        assertTrue(events(third).stream().anyMatch(m -> m.contains("pave/" + third)), events(third).toString());
    }

    @Test
    void aProvisionerErrorFailsTheDeploymentAndKeepsTheLastGoodState() {
        ScriptedProvisioners.install(ctx -> new ProvisionOutcome.Succeeded(Map.of(), List.of()));
        create("eng-fail");
        await(() -> status("eng-fail"), DeploymentStatus.SUCCEEDED);
        String good = get("eng-fail").lastSucceededDeploymentId();
        Instant goodAt = get("eng-fail").lastDeploymentSucceededAt();

        ScriptedProvisioners.install(ctx -> {
            throw new IllegalStateException("boom");
        });
        proton.updateEnvironment(b -> b.name("eng-fail").deploymentType("CURRENT_VERSION")
                .spec("proton: EnvironmentSpec\nspec:\n  vpc_name: changed\n"));
        await(() -> status("eng-fail"), DeploymentStatus.FAILED);
        Environment e = get("eng-fail");
        assertTrue(e.deploymentStatusMessage().contains("boom"), e.deploymentStatusMessage());
        assertEquals(good, e.lastSucceededDeploymentId());
        assertEquals(goodAt, e.lastDeploymentSucceededAt());
        assertFalse(e.lastAttemptedDeploymentId().equals(good));
        assertEquals(SPEC, e.spec());
        assertTrue(Duration.between(e.lastDeploymentAttemptedAt(), Instant.now()).toMinutes() < 5);
    }

    private Map<String, String> outputs(String name) {
        Map<String, String> map = new java.util.HashMap<>();
        proton.listEnvironmentOutputs(b -> b.environmentName(name)).outputs().forEach(o -> map.put(o.key(), o.valueString()));
        return map;
    }
}
