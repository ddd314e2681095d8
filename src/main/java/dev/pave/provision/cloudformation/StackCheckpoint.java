package dev.pave.provision.cloudformation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * What a CloudFormation attempt has started, saved before every wait so a resumed attempt continues the same
 * creation, change set or deletion instead of starting another.
 *
 * @param phase how far the attempt got
 * @param stackId the stack's id (polled by id, so a deleted stack still answers)
 * @param changeSetId the update's change set being created or executed (updates only)
 * @param create whether the operation creates the stack (a failed create is deleted again)
 * @param eventMarker id of the newest stack event already copied to the log
 * @param firstFailure the first failed event of this operation, formatted for the deployment message
 * @param startedAt epoch millis when the operation began; the time limit counts from here across attempts
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StackCheckpoint(Phase phase, String stackId, String changeSetId, boolean create, String eventMarker,
        String firstFailure, long startedAt) {

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    enum Phase {
        /** CreateChangeSet returned; the change set may not be executed yet. */
        CHANGE_SET,
        /** CreateStack or ExecuteChangeSet returned; only the stack remains to be watched. */
        EXECUTING,
        /** DeleteStack returned. */
        DELETING
    }

    static Optional<StackCheckpoint> from(ObjectNode saved) {
        if (saved == null || !saved.has("phase")) {
            return Optional.empty();
        }
        return Optional.of(JSON.convertValue(saved, StackCheckpoint.class));
    }

    ObjectNode toJson() {
        return JSON.valueToTree(this);
    }

    StackCheckpoint inPhase(Phase next) {
        return new StackCheckpoint(next, stackId, changeSetId, create, eventMarker, firstFailure, startedAt);
    }

    StackCheckpoint withEvents(String marker, String failure) {
        return new StackCheckpoint(phase, stackId, changeSetId, create, marker, failure, startedAt);
    }
}
