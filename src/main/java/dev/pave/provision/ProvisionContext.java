package dev.pave.provision;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the deployment engine offers a running provisioner: the request, a durable checkpoint, the deployment's
 * event log and the cancel flag. Checkpoints are what make a deployment resumable after Pave is killed:
 * a provisioner saves what it has started (a change set, a process group, a commit) before it waits, and on a
 * resumed attempt reads it back instead of starting again, so nothing is provisioned twice.
 */
public interface ProvisionContext {

    ProvisionRequest request();

    /** The checkpoint saved by an earlier attempt of this deployment; an empty object on the first attempt. */
    ObjectNode checkpoint();

    /** Stores the checkpoint durably (committed before this returns). */
    void saveCheckpoint(ObjectNode checkpoint);

    /** Appends a line to the deployment's event log (never pass secrets). */
    void log(String message);

    /** Appends a line the deployment's commands printed, labelled with its stream. */
    void output(String line, boolean stderr);

    /** Whether someone asked to cancel this deployment; provisioners poll it while they wait. */
    boolean cancelRequested();

    /** Which attempt this is: 1 on the first run, higher after a crash or a lost lease. */
    int attempt();
}
