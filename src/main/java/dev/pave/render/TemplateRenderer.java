package dev.pave.render;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaProcessors;
import com.hubspot.jinjava.el.TruthyTypeConverter;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.tree.Node;
import dev.pave.error.ThrottlingException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.tree.TreeBuilder;
import jinjava.javax.el.ExpressionFactory;

/**
 * Renders Proton IaC templates (Jinja) with Jinjava so that the output is byte-identical to Python jinja2's
 * default {@code Environment()}, which is what AWS Proton uses, plus Proton's {@code proton_cfn_*} filters.
 *
 * <p>How parity is reached: values print as Python's {@code str()} ({@code True}, {@code None} in lists,
 * {@code ['a', 'b']}, {@code {'a': 1}}); the template's final newline is dropped and {@code \r\n} normalised
 * as jinja2's lexer does; {@code tojson}, {@code truncate}, {@code join} and {@code range} are jinja2's;
 * attribute access on an undefined value fails as with jinja2's {@code Undefined}; any Jinjava warning fails
 * the render, since jinja2 raises where Jinjava would carry on.
 *
 * <p>Known differences from jinja2 (each pinned by a test in {@code TemplateRendererParityTest}):
 * <ul>
 *   <li>None and undefined are both Java null: {@code {{ none_value }}} prints '' (jinja2: {@code None}), and
 *       {@code default} replaces None too.</li>
 *   <li>Python string methods ({@code name.upper()}) and other method calls are not available; only the
 *       dict methods {@code items()}, {@code keys()}, {@code values()}, {@code get()} and {@code loop.cycle()}.</li>
 *   <li>Lengths in {@code truncate} count UTF-16 units, not code points.</li>
 *   <li>Macros may recurse at most 100 deep.</li>
 * </ul>
 *
 * <p>Sandbox: templates reach only map/list items and loop fields ({@link SandboxResolver}), cannot include,
 * import or extend files, and each render is bounded by {@link RenderLimits} (output size, loop iterations,
 * wall-clock time); filters that allocate by an argument are checked against the output size first ({@link BoundedFilters}).
 */
@ApplicationScoped
public class TemplateRenderer {

    private static final int CACHED_TEMPLATES = 256;
    private static final int MAX_MACRO_DEPTH = 100;
    private static final String INTERPRETER = "int3rpr3t3r";

    private final RenderLimits limits;
    private final Jinjava jinjava;
    private final Map<String, Node> parsedTemplates = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Node> eldest) {
            return size() > CACHED_TEMPLATES;
        }
    };
    /**
     * Each worker thread's copy of Jinjava's global context (filters, tags, functions). Renders record what they
     * resolved into it, so it cannot be shared between threads, and copying it per render costs more than the
     * render itself.
     */
    private final ThreadLocal<Context> workerGlobals;
    /**
     * A fixed number of render threads with a bounded queue: a flood of render requests waits its turn or is refused
     * as busy, instead of starting a thread (and a render's worth of memory) per request.
     */
    private final ExecutorService workers;

    public TemplateRenderer() {
        this(RenderLimits.DEFAULT, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), 256);
    }

    public TemplateRenderer(RenderLimits limits) {
        this(limits, 2, 16);
    }

    TemplateRenderer(RenderLimits limits, int threads, int queued) {
        this.limits = limits;
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queued), task -> {
            Thread thread = new Thread(task, "template-render");
            thread.setDaemon(true);
            return thread;
        });
        this.jinjava = new StrictJinjava(config(limits));
        jinjava.setResourceLocator((name, charset, interpreter) -> {
            throw new IOException("templates cannot include, import or extend other files");
        });
        BoundedFilters.over(jinjava.getGlobalContext()::getFilter).forEach(jinjava::registerFilter);
        Jinja2Filters.all().forEach(jinjava::registerFilter);
        ProtonFilters.all().forEach(jinjava::registerFilter);
        jinjava.registerFunction(new ELFunctionDefinition("", "range", PythonRange.class, "range",
                Object.class, Object[].class));
        workerGlobals = ThreadLocal.withInitial(jinjava::getGlobalContextCopy);
    }

    private static JinjavaConfig config(RenderLimits limits) {
        LegacyOverrides jinja2Semantics = LegacyOverrides.newBuilder()
                .withEvaluateMapKeys(true)
                .withIterateOverMapKeys(true)
                .withUsePyishObjectMapper(true)
                .withUseNaturalOperatorPrecedence(true)
                .withParseWhitespaceControlStrictly(true)
                .withAllowAdjacentTextNodes(true)
                .withUseTrimmingForNotesAndExpressions(true)
                .withHandleBackslashInQuotesOnly(true)
                .build();
        int maxCollection = (int) Math.min(Integer.MAX_VALUE, limits.maxOutputChars());
        return JinjavaConfig.newBuilder()
                .withLegacyOverrides(jinja2Semantics)
                .withTrimBlocks(false)
                .withLstripBlocks(false)
                .withKeepTrailingNewline(true) // the template's own last newline is dropped in normalize()
                .withFailOnUnknownTokens(false)
                .withNestedInterpretationEnabled(false)
                .withEnableRecursiveMacroCalls(true)
                .withMaxMacroRecursionDepth(MAX_MACRO_DEPTH)
                .withMaxOutputSize(limits.maxOutputChars())
                .withMaxStringLength(limits.maxOutputChars())
                .withMaxListSize(maxCollection)
                .withMaxMapSize(maxCollection)
                .withRangeLimit(limits.maxLoopIterations())
                .withLocale(Locale.ROOT)
                .withTimeZone(ZoneOffset.UTC)
                .withElResolver(SandboxResolver.create())
                .withInterperterFactory(SandboxedInterpreter.FACTORY)
                .withProcessors(JinjavaProcessors.newBuilder()
                        .withNodePreProcessor((node, interpreter) -> RenderSession.enter(node))
                        .build())
                .build();
    }

    /**
     * Renders one IaC file.
     *
     * @param fileName used in error messages only, e.g. {@code cloudformation.yaml}
     * @param template the Jinja source
     * @param context  Proton's namespaces, see {@link ProtonContext}
     * @throws RenderException when jinja2 would fail, or a {@link RenderLimits} bound is exceeded
     * @throws ThrottlingException when every render thread is busy and the queue is full
     */
    public String render(String fileName, String template, Map<String, Object> context) {
        Future<String> result;
        try {
            result = workers.submit(() -> renderHere(fileName, template, context));
        } catch (RejectedExecutionException e) {
            throw new ThrottlingException("Pave is busy rendering templates; try again in a moment");
        }
        try {
            return result.get(limits.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new RenderException(fileName, 0, null,
                    "rendering took longer than " + limits.timeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new RenderException(fileName, 0, null, "rendering was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RenderException renderFailure) {
                throw renderFailure;
            }
            throw new IllegalStateException("rendering " + fileName + " failed unexpectedly", e.getCause());
        }
    }

    private String renderHere(String fileName, String template, Map<String, Object> context) {
        String source = normalize(template);
        if (source.contains(INTERPRETER)) {
            // the name under which Jinjava hands its interpreter to filters; a template naming it would reach Pave's internals
            throw new RenderException(fileName, 0, null, "'" + INTERPRETER + "' is reserved and cannot be used in templates");
        }
        RenderSession session = RenderSession.start(limits, source);
        Context globals = workerGlobals.get();
        JinjavaInterpreter interpreter = SandboxedInterpreter.FACTORY.newInstance(jinjava,
                new Context(globals, context, jinjava.getGlobalConfig().getDisabled()), jinjava.getGlobalConfig());
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            return interpreter.render(parsed(source, interpreter));
        } catch (TemplateFailure failure) {
            throw new RenderException(fileName, session.line(), failure.variable(), failure.getMessage());
        } catch (InterpretException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof TemplateFailure failure) { // Jinjava wraps failures raised inside tags
                    throw new RenderException(fileName, session.line(), failure.variable(), failure.getMessage());
                }
            }
            int line = session.line() > 0 ? session.line() : Math.max(e.getLineNumber(), 0);
            throw new RenderException(fileName, line, null, e.getMessage());
        } catch (StackOverflowError e) {
            throw new RenderException(fileName, session.line(), null, "maximum recursion depth exceeded");
        } finally {
            JinjavaInterpreter.popCurrent();
            RenderSession.end();
            globals.reset();
        }
    }

    /** What jinja2's lexer does to the source: newlines become \n and one trailing newline is dropped. */
    static String normalize(String template) {
        String unified = template.indexOf('\r') < 0 ? template : template.replace("\r\n", "\n").replace('\r', '\n');
        return unified.endsWith("\n") ? unified.substring(0, unified.length() - 1) : unified;
    }

    /** The template's parsed tree, cached by content: the key is the source text itself (its hash, then equality). */
    private Node parsed(String template, JinjavaInterpreter interpreter) {
        synchronized (parsedTemplates) {
            Node cached = parsedTemplates.get(template);
            if (cached != null) {
                return cached;
            }
        }
        Node root = interpreter.parse(template);
        synchronized (parsedTemplates) {
            parsedTemplates.put(template, root);
        }
        return root;
    }

    /** Jinjava whose expressions use {@link StrictAttributeSyntax} and Python's string conversion. */
    private static final class StrictJinjava extends Jinjava {

        private final ExpressionFactory expressionFactory;

        StrictJinjava(JinjavaConfig config) {
            super(config);
            Properties properties = new Properties();
            properties.setProperty(TreeBuilder.class.getName(), StrictAttributeSyntax.class.getName());
            expressionFactory = new ExpressionFactoryImpl(properties, new PythonStringConverter());
        }

        @Override
        public ExpressionFactory getExpressionFactory() {
            return expressionFactory;
        }
    }

    /** Turns values into strings as Python's str() does, e.g. for {@code 'a' ~ true} → {@code aTrue}. */
    private static final class PythonStringConverter extends TruthyTypeConverter {

        private static final long serialVersionUID = 1L;

        @Override
        protected String coerceToString(Object value) {
            return value == null ? "" : PythonValues.str(value);
        }
    }
}
