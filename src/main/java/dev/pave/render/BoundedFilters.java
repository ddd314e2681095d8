package dev.pave.render;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jinjava's filters whose arguments decide how much they allocate ({@code center(2000000000)} builds a string of two
 * billion characters before the output limit is ever looked at), wrapped so the size they would build is checked
 * first ({@link RenderSession#requireRoom}). What they print is Jinjava's own.
 */
final class BoundedFilters {

    /** A {@code format} conversion's width and precision, e.g. {@code %-20.5s}. */
    private static final Pattern CONVERSION = Pattern.compile("%(?:\\d+\\$)?[-#+ 0,(<]*(\\d+)?(?:\\.(\\d+))?[a-zA-Z%]");

    private BoundedFilters() {
    }

    /** Wrappers around the filters {@code original} finds under these names. */
    static List<Filter> over(Function<String, Filter> original) {
        return List.of(
                new Bounded(original.apply("center"), (text, args, kwargs) -> Math.max(text.length(),
                        number(Jinja2Filters.arg(args, kwargs, 0, "width", 80)))),
                new Bounded(original.apply("indent"), (text, args, kwargs) -> text.length()
                        + (lines(text) + 1) * number(Jinja2Filters.arg(args, kwargs, 0, "width", 4))),
                new Bounded(original.apply("wordwrap"), (text, args, kwargs) -> 2L * text.length()), // at most a newline per character
                new Bounded(original.apply("replace"), BoundedFilters::replaced),
                new Bounded(original.apply("format"), BoundedFilters::formatted));
    }

    private static long replaced(String text, Object[] args, Map<String, Object> kwargs) {
        String old = String.valueOf(Jinja2Filters.arg(args, kwargs, 0, "old", ""));
        String replacement = String.valueOf(Jinja2Filters.arg(args, kwargs, 1, "new", ""));
        long occurrences = old.isEmpty() ? text.length() + 1L : (text.length() - text.replace(old, "").length()) / old.length();
        return text.length() + occurrences * Math.max(0, replacement.length() - old.length());
    }

    private static long formatted(String pattern, Object[] args, Map<String, Object> kwargs) {
        long size = pattern.length();
        Matcher conversion = CONVERSION.matcher(pattern);
        while (conversion.find()) {
            size += number(conversion.group(1)) + number(conversion.group(2));
        }
        for (Object arg : args) {
            size += arg == null ? 4 : PythonValues.str(arg).length();
        }
        return size;
    }

    private static long lines(String text) {
        return text.chars().filter(c -> c == '\n').count();
    }

    /** A size argument as the filter would read it; one it cannot read is left for the filter to refuse. */
    private static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value == null) {
            return 0;
        }
        String digits = value.toString().strip();
        if (digits.matches("\\d{1,18}")) {
            return Long.parseLong(digits);
        }
        return digits.matches("\\d+") ? Long.MAX_VALUE : 0;
    }

    private interface Size {
        long of(String text, Object[] args, Map<String, Object> kwargs);
    }

    private static final class Bounded implements Filter {

        private final Filter filter;
        private final Size size;

        Bounded(Filter filter, Size size) {
            this.filter = filter;
            this.size = size;
        }

        @Override
        public String getName() {
            return filter.getName();
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return filter(var, interpreter, args, Map.of());
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            String text = var == null ? "" : PythonValues.str(var);
            RenderSession.requireRoom(size.of(text, args, kwargs), getName() + "'s result");
            return filter.filter(var, interpreter, args, kwargs);
        }
    }
}
