package dev.pave.render;

import com.hubspot.jinjava.lib.tag.ForTag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;

/**
 * State of the render running on this thread: where it is (for error lines and for filters that indent their
 * output) and how much of its budget it has used. Jinjava calls {@link #enter} before rendering each node.
 */
final class RenderSession {

    private static final ThreadLocal<RenderSession> CURRENT = new ThreadLocal<>();

    private final RenderLimits limits;
    private final long deadline;
    private final String template;
    private int loopIterations;
    private Node node;

    private RenderSession(RenderLimits limits, String template) {
        this.limits = limits;
        this.template = template;
        this.deadline = System.nanoTime() + limits.timeout().toNanos();
    }

    static RenderSession start(RenderLimits limits, String template) {
        RenderSession session = new RenderSession(limits, template);
        CURRENT.set(session);
        return session;
    }

    static void end() {
        CURRENT.remove();
    }

    static RenderSession current() {
        RenderSession session = CURRENT.get();
        if (session == null) {
            throw new IllegalStateException("no render in progress on this thread");
        }
        return session;
    }

    /**
     * Fails the render before a string or list of this many characters is built, when that is more than the output
     * may hold: checked ahead of the allocation, so no template can run Pave out of memory.
     */
    static void requireRoom(long chars, String what) {
        RenderSession session = CURRENT.get();
        long max = (session == null ? RenderLimits.DEFAULT : session.limits).maxOutputChars();
        if (chars > max || chars < 0) {
            throw new TemplateFailure(what + " would exceed " + max + " characters", null);
        }
    }

    /** Node pre-processor: track the position, count loop iterations, and stop when over budget. */
    static void enter(Node node) {
        RenderSession session = CURRENT.get();
        if (session != null) {
            session.track(node);
        }
    }

    private void track(Node node) {
        this.node = node;
        if (isFirstInLoopBody(node) && ++loopIterations > limits.maxLoopIterations()) {
            throw new TemplateFailure("loops exceed " + limits.maxLoopIterations() + " iterations", null);
        }
        if (System.nanoTime() > deadline) {
            throw new TemplateFailure("rendering took longer than " + limits.timeout().toMillis() + " ms", null);
        }
    }

    private static boolean isFirstInLoopBody(Node node) {
        return node.getParent() instanceof TagNode parent
                && parent.getTag() instanceof ForTag
                && parent.getChildren().getFirst() == node;
    }

    private String sourceLine(int number) {
        int start = 0;
        for (int line = 1; line < number; line++) {
            int newline = template.indexOf('\n', start);
            if (newline < 0) {
                break;
            }
            start = newline + 1;
        }
        int end = template.indexOf('\n', start);
        return template.substring(start, end < 0 ? template.length() : end);
    }

    RenderLimits limits() {
        return limits;
    }

    /** Line of the node being rendered, 1-based; 0 before the first node. */
    int line() {
        return node == null ? 0 : node.getLineNumber();
    }

    /**
     * Column where the node being rendered starts, 0-based. Jinjava's own start position is off by one or two
     * depending on what precedes the node, so the node's source text is looked up on its line instead,
     * taking the occurrence nearest to Jinjava's estimate.
     */
    int column() {
        if (node == null) {
            return 0;
        }
        String image = node.getMaster().getImage();
        // Jinjava numbers a token by the line it ends on
        int startLine = node.getLineNumber() - (int) image.chars().filter(c -> c == '\n').count();
        String sourceLine = sourceLine(startLine);
        image = image.lines().findFirst().orElse("");
        int estimate = node.getStartPosition() - 1;
        int best = -1;
        for (int at = sourceLine.indexOf(image); at >= 0; at = sourceLine.indexOf(image, at + 1)) {
            if (best < 0 || Math.abs(at - estimate) < Math.abs(best - estimate)) {
                best = at;
            }
        }
        return Math.max(best, 0);
    }
}
