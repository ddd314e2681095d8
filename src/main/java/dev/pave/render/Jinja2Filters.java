package dev.pave.render;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.objects.SafeString;
import com.hubspot.jinjava.util.ObjectTruthValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Replacements for Jinjava filters whose output differs from jinja2's built-ins of the same name
 * (Jinjava's tojson is compact Jackson JSON, its join prints Java values, its truncate has no leeway).
 */
final class Jinja2Filters {

    private Jinja2Filters() {
    }

    static List<Filter> all() {
        return List.of(new ToJson(), new Truncate(), new Join());
    }

    static boolean truthy(Object value) {
        return ObjectTruthValue.evaluate(value);
    }

    static Object arg(Object[] args, Map<String, Object> kwargs, int index, String name, Object fallback) {
        if (kwargs.containsKey(name)) {
            return kwargs.get(name);
        }
        return index < args.length ? args[index] : fallback;
    }

    abstract static class TypedFilter implements Filter {

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return filter(var, interpreter, args, Map.of());
        }

        @Override
        public abstract Object filter(Object var, JinjavaInterpreter interpreter, Object[] args,
                Map<String, Object> kwargs);
    }

    /** {@code tojson(indent=None)}. */
    private static final class ToJson extends TypedFilter {

        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object indent = arg(args, kwargs, 0, "indent", null);
            return new SafeString(PythonValues.toJson(var, indent == null ? null : ((Number) indent).intValue()));
        }
    }

    /** {@code truncate(length=255, killwords=False, end='...', leeway=5)}. */
    private static final class Truncate extends TypedFilter {

        @Override
        public String getName() {
            return "truncate";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            String text = var == null ? "" : PythonValues.str(var);
            int length = ((Number) arg(args, kwargs, 0, "length", 255)).intValue();
            boolean killwords = truthy(arg(args, kwargs, 1, "killwords", false));
            String end = String.valueOf(arg(args, kwargs, 2, "end", "..."));
            int leeway = ((Number) arg(args, kwargs, 3, "leeway", 5)).intValue();
            if (length < end.length() || leeway < 0) {
                throw new TemplateFailure("truncate: length must be at least len(end) and leeway >= 0", null);
            }
            if (text.length() <= (long) length + leeway) { // long: a huge length must not wrap round
                return text;
            }
            String kept = text.substring(0, length - end.length());
            if (!killwords) {
                int space = kept.lastIndexOf(' ');
                kept = space >= 0 ? kept.substring(0, space) : kept;
            }
            return kept + end;
        }
    }

    /** {@code join(d='', attribute=None)}, items printed with Python's str(). */
    private static final class Join extends TypedFilter {

        @Override
        public String getName() {
            return "join";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            String separator = String.valueOf(arg(args, kwargs, 0, "d", ""));
            Object attribute = arg(args, kwargs, 1, "attribute", null);
            Collection<?> items = var instanceof Map<?, ?> map ? map.keySet()
                    : var instanceof Collection<?> list ? list
                    : var == null ? List.of() : toCharacters(PythonValues.str(var));
            List<String> parts = new ArrayList<>();
            long size = 0;
            for (Object item : items) {
                Object value = attribute != null && item instanceof Map<?, ?> map ? map.get(String.valueOf(attribute)) : item;
                String part = value == null && attribute != null ? "" : PythonValues.str(value);
                size += part.length() + separator.length();
                RenderSession.requireRoom(size, "join's output");
                parts.add(part);
            }
            return String.join(separator, parts);
        }

        private static List<String> toCharacters(String text) {
            return text.codePoints().mapToObj(Character::toString).toList();
        }
    }
}
