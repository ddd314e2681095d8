package dev.pave.provision.command;

import dev.pave.provision.ProvisionContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * Copies command output into the deployment log up to a limit, each line labelled with its stream, and keeps the
 * current command's last lines for the failure message.
 */
final class OutputLog {

    static final int MAX_LINES = 10_000;
    private static final int TAIL_LINES = 20;
    private static final int TAIL_CHARS = 2_000;
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;?]*[ -/]*[@-~]");
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f]");

    private final ProvisionContext context;
    private final Deque<String> tail = new ArrayDeque<>();
    private int logged;
    private boolean truncated;

    OutputLog(ProvisionContext context) {
        this.context = context;
    }

    /** What the supervisor puts before each line of stderr in output.log (see supervisor.sh). */
    static final char STDERR_MARK = '\u001e';

    void add(String marked) {
        boolean stderr = !marked.isEmpty() && marked.charAt(0) == STDERR_MARK;
        String line = clean(stderr ? marked.substring(1) : marked);
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
        if (logged < MAX_LINES) {
            context.output(line, stderr);
            logged++;
        } else if (!truncated) {
            context.log("Output truncated: the deployment log keeps the first " + MAX_LINES + " lines");
            truncated = true;
        }
    }

    /**
     * A line as the log keeps it: terminal colour codes (terraform's, unless -no-color) removed, and every other control
     * character but tab dropped; PostgreSQL cannot store NUL, and the rest only garble a page.
     */
    static String clean(String line) {
        String plain = ANSI.matcher(line).replaceAll("");
        return CONTROL.matcher(plain).replaceAll("");
    }

    /** Starts a new command: the tail belongs to one command. */
    void nextCommand() {
        tail.clear();
    }

    /** The current command's last lines, at most a couple of thousand characters. */
    String tail() {
        String text = String.join("\n", tail);
        return text.length() > TAIL_CHARS ? "…" + text.substring(text.length() - TAIL_CHARS) : text;
    }
}
