package dev.pave.render;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Formats Java values the way CPython formats the equivalent Python values, so printed output matches jinja2:
 * {@code str()} for {{ x }}, {@code repr()} inside lists and dicts, {@code json.dumps} for {@code tojson}.
 * Java null stands for Python None.
 */
final class PythonValues {

    private PythonValues() {
    }

    /** Python's {@code str(value)}. */
    static String str(Object value) {
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        return repr(value);
    }

    /** Python's {@code repr(value)}. */
    static String repr(Object value) {
        StringBuilder out = new StringBuilder();
        appendRepr(out, value);
        return out.toString();
    }

    private static void appendRepr(StringBuilder out, Object value) {
        if (value == null) {
            out.append("None");
        } else if (value instanceof Boolean flag) {
            out.append(flag ? "True" : "False");
        } else if (value instanceof Double || value instanceof Float) {
            out.append(floatRepr(((Number) value).doubleValue()));
        } else if (value instanceof Number) {
            out.append(value);
        } else if (value instanceof CharSequence text) {
            appendStringRepr(out, text.toString());
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            String separator = "";
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                RenderSession.requireRoom(out.length(), "the printed value");
                out.append(separator);
                appendRepr(out, entry.getKey());
                out.append(": ");
                appendRepr(out, entry.getValue());
                separator = ", ";
            }
            out.append('}');
        } else if (value instanceof Collection<?> items) {
            out.append('[');
            String separator = "";
            for (Object item : items) {
                RenderSession.requireRoom(out.length(), "the printed value");
                out.append(separator);
                appendRepr(out, item);
                separator = ", ";
            }
            out.append(']');
        } else {
            out.append(value);
        }
    }

    /** CPython's string repr: single quotes unless the text has ' and no ", escapes for control characters. */
    private static void appendStringRepr(StringBuilder out, String text) {
        char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
        out.append(quote);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == quote) {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append(quote);
    }

    /** CPython's float repr: shortest digits, fixed notation for exponents -4..15, otherwise 1e+16 style. */
    static String floatRepr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0.0" : "0.0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        String digits = decimal.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - decimal.scale();
        String sign = value < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = decimal.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }

    /**
     * jinja2's {@code tojson}: {@code json.dumps(value, sort_keys=True, indent=indent)} with &lt; &gt; &amp; '
     * escaped as unicode escapes so the result is safe inside HTML.
     */
    static String toJson(Object value, Integer indent) {
        StringBuilder out = new StringBuilder();
        appendJson(out, value, indent, 0);
        return out.toString()
                .replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026")
                .replace("'", "\\u0027");
    }

    private static void appendJson(StringBuilder out, Object value, Integer indent, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean flag) {
            out.append(flag);
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            out.append(Double.isNaN(number) ? "NaN" : Double.isInfinite(number)
                    ? (number > 0 ? "Infinity" : "-Infinity") : floatRepr(number));
        } else if (value instanceof Number) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((key, item) -> sorted.put(String.valueOf(key), item));
            appendJsonContainer(out, '{', '}', sorted.entrySet().iterator(), indent, depth, (entry, d) -> {
                appendJsonString(out, entry.getKey());
                out.append(": ");
                appendJson(out, entry.getValue(), indent, d);
            });
        } else if (value instanceof Collection<?> items) {
            appendJsonContainer(out, '[', ']', items.iterator(), indent, depth,
                    (item, d) -> appendJson(out, item, indent, d));
        } else {
            appendJsonString(out, value.toString());
        }
    }

    private interface ItemWriter<T> {
        void write(T item, int depth);
    }

    private static <T> void appendJsonContainer(StringBuilder out, char open, char close, Iterator<T> items,
            Integer indent, int depth, ItemWriter<T> writer) {
        out.append(open);
        if (indent != null) {
            RenderSession.requireRoom((long) indent * (depth + 1), "tojson's indent");
        }
        if (!items.hasNext()) {
            out.append(close);
            return;
        }
        String newline = indent == null ? "" : "\n" + " ".repeat(indent * (depth + 1));
        String separator = indent == null ? ", " : ",";
        boolean first = true;
        while (items.hasNext()) {
            RenderSession.requireRoom(out.length(), "tojson's output");
            out.append(first ? "" : separator).append(newline);
            writer.write(items.next(), depth + 1);
            first = false;
        }
        if (indent != null) {
            out.append('\n').append(" ".repeat(indent * depth));
        }
        out.append(close);
    }

    /** json.dumps string escaping with ensure_ascii=True. */
    private static void appendJsonString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
