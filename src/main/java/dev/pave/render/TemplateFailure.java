package dev.pave.render;

/**
 * Thrown inside a render to stop it where Python's jinja2 would raise. The renderer turns it into a
 * {@link RenderException} with the file name and the line of the node being rendered.
 */
class TemplateFailure extends RuntimeException {

    private final String variable;

    TemplateFailure(String message, String variable) {
        super(message, null, false, false);
        this.variable = variable;
    }

    String variable() {
        return variable;
    }
}
