package dev.pave.render;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.HistogramDiff;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/** Unified diffs of rendered IaC, as drift evidence and upgrade plans show them; cut at a size a page can hold. */
public final class UnifiedDiff {

    static final int MAX_CHARS = 20_000;

    private UnifiedDiff() {
    }

    /** The lines of {@code before} against {@code after} under the two headers; empty when they are the same. */
    public static String of(String before, String after, String beforeLabel, String afterLabel) {
        RawText a = new RawText(text(before));
        RawText b = new RawText(text(after));
        EditList edits = new HistogramDiff().diff(RawTextComparator.DEFAULT, a, b);
        if (edits.isEmpty()) {
            return "";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DiffFormatter formatter = new DiffFormatter(out)) {
            out.write(("--- " + beforeLabel + "\n+++ " + afterLabel + "\n").getBytes(StandardCharsets.UTF_8));
            formatter.format(edits, a, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cut(out.toString(StandardCharsets.UTF_8));
    }

    /** Every file of two renders of a folder, file by file ({@code a/path}, {@code b/path}); empty when all are the same. */
    public static String files(Map<String, String> before, Map<String, String> after) {
        StringBuilder diff = new StringBuilder();
        for (String path : union(before, after)) {
            String a = before.get(path);
            String b = after.get(path);
            if (!Objects.equals(a, b)) {
                diff.append(of(Objects.requireNonNullElse(a, ""), Objects.requireNonNullElse(b, ""), a == null ? "/dev/null" : "a/" + path,
                        b == null ? "/dev/null" : "b/" + path));
            }
        }
        return cut(diff.toString());
    }

    private static TreeSet<String> union(Map<String, String> a, Map<String, String> b) {
        TreeSet<String> paths = new TreeSet<>(a.keySet());
        paths.addAll(b.keySet());
        return paths;
    }

    private static byte[] text(String s) {
        String t = s == null ? "" : s.replace("\r\n", "\n");
        return (t.endsWith("\n") || t.isEmpty() ? t : t + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String cut(String diff) {
        return diff.length() > MAX_CHARS ? diff.substring(0, MAX_CHARS) + "\n… (cut)\n" : diff;
    }
}
