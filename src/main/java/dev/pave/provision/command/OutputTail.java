package dev.pave.provision.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a run's {@code output.log} into lines of bounded length. It reads from a byte offset, so a restarted Pave
 * continues from where the last checkpoint says the log had got to.
 */
final class OutputTail {

    static final int MAX_LINE = 4_000;
    private static final int CHUNK = 64 * 1024;

    private final RunDirectory run;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long offset;
    private long lineStart;
    private boolean cut;

    OutputTail(RunDirectory run, long offset) {
        this.run = run;
        this.offset = offset;
        this.lineStart = offset;
    }

    /** Where the last complete line ended: a resumed follower starts there. */
    long logged() {
        return lineStart;
    }

    /** The complete lines written up to {@code limit} (a byte offset), or up to the end for {@link Long#MAX_VALUE}. */
    List<String> read(long limit) throws IOException {
        List<String> lines = new ArrayList<>();
        while (offset < limit) {
            byte[] chunk = run.output(offset, (int) Math.min(CHUNK, limit - offset));
            if (chunk.length == 0) {
                break;
            }
            for (byte b : chunk) {
                offset++;
                if (b == '\n') {
                    lines.add(take());
                    lineStart = offset;
                } else if (line.size() < MAX_LINE * 4) { // bytes: room for MAX_LINE characters of any width
                    line.write(b);
                } else {
                    cut = true;
                }
            }
        }
        return lines;
    }

    /** Everything left, the last line too when it has no newline: the run is over. */
    List<String> rest() throws IOException {
        List<String> lines = read(Long.MAX_VALUE);
        if (line.size() > 0 || cut) {
            lines.add(take());
            lineStart = offset;
        }
        return lines;
    }

    private String take() {
        String text = line.toString(StandardCharsets.UTF_8);
        boolean truncated = cut || text.length() > MAX_LINE;
        if (text.length() > MAX_LINE) {
            text = text.substring(0, MAX_LINE);
        }
        line.reset();
        cut = false;
        return truncated ? text + " […line truncated]" : text;
    }
}
