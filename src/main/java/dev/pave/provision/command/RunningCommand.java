package dev.pave.provision.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.provision.ProvisionContext;
import dev.pave.provision.ProvisionOutcome;
import dev.pave.provision.ProvisionRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The checkpoint saved as each command starts. A resumed attempt that finds it knows Pave died mid-command: it
 * stops what is left of that command (only if the pid still belongs to the process Pave started) and fails,
 * since running the commands again could provision twice.
 *
 * @param phase always {@code running}
 * @param pid the command's bash process; also its process group id when {@code ownGroup}
 * @param ownGroup whether the command leads its own process group (setsid)
 * @param startedAt the process's start time (epoch millis), telling it apart from a later process with the same pid
 * @param host the machine it runs on; another Pave replica cannot stop it
 * @param workDir the attempt's work directory
 * @param commandIndex which command (from 0) was running
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RunningCommand(String phase, long pid, boolean ownGroup, long startedAt, String host, String workDir, int commandIndex) {

    static final String RUNNING = "running";
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static RunningCommand of(ProcessGroup group, WorkDirectory directory, int commandIndex) {
        return new RunningCommand(RUNNING, group.pid(), group.ownsGroup(), group.startedAt(), thisHost(), directory.path().toString(), commandIndex);
    }

    static Optional<RunningCommand> from(ObjectNode checkpoint) {
        if (checkpoint == null || !RUNNING.equals(checkpoint.path("phase").asText())) {
            return Optional.empty();
        }
        return Optional.of(JSON.convertValue(checkpoint, RunningCommand.class));
    }

    ObjectNode toJson() {
        return JSON.valueToTree(this);
    }

    ProvisionOutcome stopLeftover(ProvisionContext context) {
        String which = "command " + (commandIndex + 1);
        if (!thisHost().equals(host)) {
            context.log("Pave stopped while " + which + " was running on " + host + "; it cannot be stopped from " + thisHost());
        } else {
            Optional<ProcessHandle> leader = ProcessHandle.of(pid).filter(h -> ProcessGroup.startedAt(h).orElse(-1L) == startedAt);
            if (leader.isPresent()) {
                ProcessGroup.stop(leader.get(), ownGroup);
                context.log("Stopped process group " + pid + " left running by " + which + " of an earlier attempt");
            } else {
                context.log("The earlier attempt's " + which + " is no longer running");
            }
            try {
                WorkDirectory.at(Path.of(workDir)).delete();
            } catch (IOException e) {
                context.log("Could not remove the earlier work directory " + workDir + ": " + e.getMessage());
            }
        }
        boolean delete = context.request().action() == ProvisionRequest.Action.DELETE;
        return new ProvisionOutcome.Failed(delete
                ? "Pave stopped while the deprovision commands were running; delete again to retry"
                : "Pave stopped while the provision commands were running; deploy again to retry");
    }

    private static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown host";
        }
    }
}
