package dev.pave.provision.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.provision.ProvisionContext;
import dev.pave.provision.ProvisionRequest;

/**
 * A drift check's run of the drift commands: one attempt, nothing durable (a check lost with Pave is simply asked
 * again), never cancelled, and its output kept in memory, the last part when long, for the finding's evidence.
 */
final class DriftRunContext implements ProvisionContext {

    static final int MAX_OUTPUT_CHARS = 16_000;

    private final ProvisionRequest request;
    private final StringBuilder output = new StringBuilder();
    private ObjectNode checkpoint = JsonNodeFactory.instance.objectNode();
    private boolean truncated;

    DriftRunContext(ProvisionRequest request) {
        this.request = request;
    }

    /** What the commands printed, with Pave's own lines marked {@code #}. */
    String output() {
        return (truncated ? "… (earlier output left out)\n" : "") + output;
    }

    @Override
    public ProvisionRequest request() {
        return request;
    }

    @Override
    public ObjectNode checkpoint() {
        return checkpoint;
    }

    @Override
    public void saveCheckpoint(ObjectNode checkpoint) {
        this.checkpoint = checkpoint;
    }

    @Override
    public void log(String message) {
        append("# " + message);
    }

    @Override
    public void output(String line, boolean stderr) {
        append(line);
    }

    private void append(String line) {
        output.append(line).append('\n');
        if (output.length() > MAX_OUTPUT_CHARS) {
            int cut = output.indexOf("\n", output.length() - MAX_OUTPUT_CHARS);
            output.delete(0, cut < 0 ? output.length() - MAX_OUTPUT_CHARS : cut + 1);
            truncated = true;
        }
    }

    @Override
    public boolean cancelRequested() {
        return false;
    }

    @Override
    public int attempt() {
        return 1;
    }
}
