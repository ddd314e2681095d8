package dev.pave.provision.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a command's output on its own thread into lines of bounded length. The caller drains them on its own
 * thread, so the deployment log is only ever written from the thread that runs the provisioner.
 */
final class OutputPump {

    static final int MAX_LINE = 4_000;

    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(1_000);
    private volatile boolean finished;

    OutputPump(InputStream output, String name) {
        Thread thread = new Thread(() -> pump(output), name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Lines read since the last call. */
    List<String> drain() {
        List<String> drained = new ArrayList<>();
        lines.drainTo(drained);
        return drained;
    }

    /** Whether the output has ended and every line was drained. */
    boolean done() {
        return finished && lines.isEmpty();
    }

    private void pump(InputStream output) {
        try (Reader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder();
            boolean cut = false;
            int c;
            while ((c = reader.read()) != -1) {
                if (c == '\n') {
                    lines.put(cut ? line + " […line truncated]" : line.toString());
                    line.setLength(0);
                    cut = false;
                } else if (line.length() < MAX_LINE) {
                    line.append((char) c);
                } else {
                    cut = true;
                }
            }
            if (!line.isEmpty()) {
                lines.put(cut ? line + " […line truncated]" : line.toString());
            }
        } catch (IOException closed) {
            // the process was stopped and its pipe closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished = true;
        }
    }
}
