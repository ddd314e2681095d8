package dev.pave.render;

/** A template could not be rendered; says where (file, 1-based line or 0) and, when known, which variable. */
public class RenderException extends RuntimeException {

    private final String fileName;
    private final int line;
    private final String variable;
    private final String reason;

    public RenderException(String fileName, int line, String variable, String reason) {
        super(describe(fileName, line, reason));
        this.fileName = fileName;
        this.line = line;
        this.variable = variable;
        this.reason = reason;
    }

    private static String describe(String fileName, int line, String reason) {
        return line > 0 ? fileName + " line " + line + ": " + reason : fileName + ": " + reason;
    }

    public String fileName() {
        return fileName;
    }

    public int line() {
        return line;
    }

    /** The expression or variable that failed, e.g. {@code environment.outputs}; null when the error is not about one. */
    public String variable() {
        return variable;
    }

    /** The message without the file and line prefix. */
    public String reason() {
        return reason;
    }
}
