package dev.pave.render;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code range()}, replacing Jinjava's, which silently stops at its range limit: here a range longer
 * than the loop limit fails the render instead of producing output that differs from jinja2's.
 */
public final class PythonRange {

    private PythonRange() {
    }

    /** Called by templates as {@code range(stop)}, {@code range(start, stop)} or {@code range(start, stop, step)}. */
    public static List<Long> range(Object first, Object... rest) {
        long start = rest.length == 0 ? 0 : integer(first);
        long stop = rest.length == 0 ? integer(first) : integer(rest[0]);
        long step = rest.length > 1 ? integer(rest[1]) : 1;
        if (step == 0) {
            throw new TemplateFailure("range() arg 3 must not be zero", null);
        }
        long count = step > 0 ? Math.max(0, ceilDiv(stop - start, step)) : Math.max(0, ceilDiv(start - stop, -step));
        int limit = JinjavaInterpreter.getCurrent().getConfig().getRangeLimit();
        if (count > limit) {
            throw new TemplateFailure("range() of " + count + " items exceeds the limit of " + limit, null);
        }
        List<Long> values = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            values.add(start + i * step);
        }
        return values;
    }

    private static long ceilDiv(long dividend, long divisor) {
        return -Math.floorDiv(-dividend, divisor);
    }

    private static long integer(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw new TemplateFailure("range() expects integers, got " + PythonValues.repr(value), null);
    }
}
