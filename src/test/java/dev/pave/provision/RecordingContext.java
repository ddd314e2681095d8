package dev.pave.provision;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** An in-memory {@link ProvisionContext}: keeps the log and every saved checkpoint, and cancels when told to. */
public class RecordingContext implements ProvisionContext {

    private final ProvisionRequest request;
    private final int attempt;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<String> stderrLines = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> checkpoints = new CopyOnWriteArrayList<>();
    private volatile ObjectNode checkpoint;
    private volatile boolean cancel;
    private volatile Predicate<String> cancelOnLog = line -> false;

    public RecordingContext(ProvisionRequest request) {
        this(request, 1, JsonNodeFactory.instance.objectNode());
    }

    /** A later attempt that starts from what an earlier one saved. */
    public RecordingContext(ProvisionRequest request, int attempt, ObjectNode checkpoint) {
        this.request = request;
        this.attempt = attempt;
        this.checkpoint = checkpoint.deepCopy();
    }

    /** The next attempt of the same deployment, resuming from this one's last checkpoint. */
    public RecordingContext resumed() {
        return new RecordingContext(request, attempt + 1, checkpoint);
    }

    public void cancel() {
        cancel = true;
    }

    /** Requests a cancel as soon as a log line matches, e.g. once a command has started. */
    public void cancelWhenLogged(Predicate<String> line) {
        cancelOnLog = line;
    }

    public List<String> logLines() {
        return new ArrayList<>(log);
    }

    public String logText() {
        return String.join("\n", log);
    }

    public List<ObjectNode> savedCheckpoints() {
        return new ArrayList<>(checkpoints);
    }

    @Override
    public ProvisionRequest request() {
        return request;
    }

    @Override
    public ObjectNode checkpoint() {
        return checkpoint.deepCopy();
    }

    @Override
    public void saveCheckpoint(ObjectNode next) {
        checkpoint = next.deepCopy();
        checkpoints.add(checkpoint);
    }

    @Override
    public void log(String message) {
        log.add(message);
        if (cancelOnLog.test(message)) {
            cancel = true;
        }
    }

    /** Output lines go into the same log (in order with Pave's own lines); those from stderr are also kept apart. */
    @Override
    public void output(String line, boolean stderr) {
        if (stderr) {
            stderrLines.add(line);
        }
        log(line);
    }

    public List<String> stderrLines() {
        return new ArrayList<>(stderrLines);
    }

    @Override
    public boolean cancelRequested() {
        return cancel;
    }

    @Override
    public int attempt() {
        return attempt;
    }
}
