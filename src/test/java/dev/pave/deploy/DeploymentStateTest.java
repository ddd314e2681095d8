package dev.pave.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The deployment state every deployed resource embeds: what starting and following a deployment do to it. */
class DeploymentStateTest {

    @Test
    void aNewResourceFollowsItsFirstDeploymentToSuccess() {
        DeploymentState state = new DeploymentState();
        assertTrue(state.isNew());
        assertFalse(state.busy());

        Deployment first = deployment("d-1", DeploymentStatus.IN_PROGRESS);
        state.started(first);
        assertEquals("d-1", state.lastAttemptedId);
        assertEquals(first.createdAt, state.lastAttemptedAt);
        assertTrue(state.busy());
        assertFalse(state.deployed());

        first.status = DeploymentStatus.SUCCEEDED;
        first.completedAt = Instant.parse("2026-12-01T10:05:00Z");
        assertTrue(state.followed(first), "a success is reported, so the resource takes over the deployment's target state");
        assertEquals("d-1", state.lastSucceededId);
        assertEquals(first.completedAt, state.lastSucceededAt);
        assertFalse(state.busy());
        assertTrue(state.deployed());
    }

    @Test
    void aFailureKeepsTheLastSuccessAndShowsItsMessage() {
        DeploymentState state = new DeploymentState();
        Deployment good = deployment("d-1", DeploymentStatus.SUCCEEDED);
        state.started(good);
        state.followed(good);

        Deployment bad = deployment("d-2", DeploymentStatus.IN_PROGRESS);
        state.started(bad);
        assertNull(state.statusMessage, "a new deployment clears the last one's message");
        bad.status = DeploymentStatus.FAILED;
        bad.statusMessage = "stack rolled back";

        assertFalse(state.followed(bad));
        assertEquals(DeploymentStatus.FAILED, state.status);
        assertEquals("stack rolled back", state.statusMessage);
        assertEquals("d-1", state.lastSucceededId);
        assertTrue(state.failed());
    }

    @Test
    void newsOfAnOlderDeploymentIsNotFollowed() {
        DeploymentState state = new DeploymentState();
        Deployment older = deployment("d-1", DeploymentStatus.IN_PROGRESS);
        state.started(older);
        state.started(deployment("d-2", DeploymentStatus.IN_PROGRESS));

        assertFalse(state.follows(older));
        assertTrue(state.follows(deployment("d-2", DeploymentStatus.SUCCEEDED)));
    }

    private static Deployment deployment(String id, DeploymentStatus status) {
        Deployment d = new Deployment();
        d.id = id;
        d.status = status;
        d.createdAt = Instant.parse("2026-12-01T10:00:00Z");
        return d;
    }
}
