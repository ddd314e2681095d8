package dev.pave.provision.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * What a run saves as it goes, so that the next attempt (Pave restarted, or another replica that took the lease)
 * re-attaches to the supervisor instead of starting the commands again.
 *
 * @param phase always {@code running}
 * @param runDir the run's directory
 * @param host the machine the supervisor runs on
 * @param pid the supervisor's pid, also its process group id (it leads its own session)
 * @param startedAt the supervisor's start time (epoch millis), telling it apart from a later process with the same pid
 * @param starts 1, or 2 once the commands were started again because the first supervisor was lost
 * @param deadline when all the commands together must be done (epoch millis)
 * @param events how many of the supervisor's events are already in the deployment log
 * @param logged how much of {@code output.log} (bytes) is already in the deployment log
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RunCheckpoint(String phase, String runDir, String host, long pid, long startedAt, int starts, long deadline, int events, long logged) {

    static final String RUNNING = "running";
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static Optional<RunCheckpoint> from(ObjectNode checkpoint) {
        if (checkpoint == null || !RUNNING.equals(checkpoint.path("phase").asText()) || !checkpoint.hasNonNull("runDir")) {
            return Optional.empty();
        }
        return Optional.of(JSON.convertValue(checkpoint, RunCheckpoint.class));
    }

    RunCheckpoint progress(int events, long logged) {
        return new RunCheckpoint(phase, runDir, host, pid, startedAt, starts, deadline, events, logged);
    }

    boolean onThisHost() {
        return thisHost().equals(host);
    }

    ObjectNode toJson() {
        return JSON.valueToTree(this);
    }

    static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown host";
        }
    }
}
