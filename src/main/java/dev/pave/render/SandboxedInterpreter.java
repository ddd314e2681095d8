package dev.pave.render;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpreterFactory;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.interpret.TemplateError.ErrorReason;
import com.hubspot.jinjava.objects.SafeString;

/**
 * Jinjava's interpreter made to behave like jinja2 where the two differ in ways visible in output:
 * values print as Python's {@code str()} would print them, and every error stops the render (jinja2 raises
 * where Jinjava would log a warning and carry on).
 */
class SandboxedInterpreter extends JinjavaInterpreter {

    static final InterpreterFactory FACTORY = new InterpreterFactory() {
        @Override
        public JinjavaInterpreter newInstance(JinjavaInterpreter orig) {
            return new SandboxedInterpreter(orig);
        }

        @Override
        public JinjavaInterpreter newInstance(Jinjava application, Context context, JinjavaConfig config) {
            return new SandboxedInterpreter(application, context, config);
        }
    };

    private SandboxedInterpreter(Jinjava application, Context context, JinjavaConfig config) {
        super(application, context, config);
    }

    private SandboxedInterpreter(JinjavaInterpreter orig) {
        super(orig);
    }

    @Override
    public String getAsString(Object value) {
        if (value == null) {
            return ""; // undefined; Jinjava does not tell None from undefined
        }
        if (value instanceof SafeString safe) {
            return safe.toString();
        }
        return PythonValues.str(value);
    }

    @Override
    public void addError(TemplateError error) {
        if (error == null) {
            return;
        }
        
        for (Throwable cause = error.getException(); cause != null; cause = cause.getCause()) {
            if (cause instanceof TemplateFailure failure) {
                throw failure;
            }
        }
        if (error.getReason() == ErrorReason.OUTPUT_TOO_BIG) {
            throw new TemplateFailure("output exceeds " + getConfig().getMaxOutputSize() + " characters", null);
        }
        throw new TemplateFailure(error.getMessage(), blankToNull(error.getFieldName()));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
