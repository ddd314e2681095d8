package dev.pave.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A template cannot make Pave allocate more than its output limit: every size or width argument, and string and
 * list repetition, is checked before anything is built, and the render fails with a clear error instead.
 */
class RenderBoundsTest {

    private final TemplateRenderer renderer = new TemplateRenderer();

    /** A thousand references to one 900,000-character string, cheap to hold and huge to print. */
    private static final String BIG = "{% set big = 'x' | center(900000) %}{% set l1 = [big, big, big, big, big, big, big, big, big, big] %}"
            + "{% set l2 = [l1, l1, l1, l1, l1, l1, l1, l1, l1, l1] %}{% set l3 = [l2, l2, l2, l2, l2, l2, l2, l2, l2, l2] %}";

    @ParameterizedTest
    @ValueSource(strings = {
            "{{ 'x' | center(2000000000) }}",
            "{{ 'a\\nb' | indent(2000000000) }}",
            "{{ 'a\\nb' | indent(width=2000000000) }}",
            "{{ '%2000000000d' | format(1) }}",
            "{{ '%-2000000000s' | format('x') }}",
            "{{ '%.2000000000f' | format(1.5) }}",
            "{{ 'xy' | center(999999) | center(999999999) }}",
            "{{ ('x' | center(999999)) | replace('x', 'yyyyyyyyyy') }}",
            BIG + "{{ l1 | join }}",
            BIG + "{{ l3 }}",
            BIG + "{{ l3 | tojson }}",
            BIG + "{{ l3 | join }}",
            "{{ [1, 2] | tojson(indent=2000000000) }}",
            "{% set s = 'x' %}{% for i in range(40) %}{% set s = s ~ s %}{% endfor %}{{ s | length }}",
    })
    void hugeSizesFailClearlyBeforeAllocating(String template) {
        RenderException error = assertThrows(RenderException.class, () -> renderer.render("cloudformation.yaml", template, Map.of()));
        assertTrue((error.reason().contains("exceed") || error.reason().contains("over limit")) && !error.reason().contains("OutOfMemory"),
                error.reason());
    }

    /** Jinjava has no string or list repetition: it fails as a type error, allocating nothing. */
    @ParameterizedTest
    @ValueSource(strings = {"{{ 'x' * 2000000000 }}", "{{ 2000000000 * 'x' }}", "{{ [1] * 2000000000 }}"})
    void repetitionFailsWithoutAllocating(String template) {
        RenderException error = assertThrows(RenderException.class, () -> renderer.render("cloudformation.yaml", template, Map.of()));
        assertTrue(error.reason().contains("Cannot coerce"), error.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{{ 'x y z' | wordwrap(2000000000) }}",
            "{{ 'x' | truncate(2147483647) }}",
            "{{ 'x' | truncate(2000000000, leeway=2000000000) }}",
            "{{ 'x' | center(-5) }}",
            "{{ 'x' * -3 }}",
    })
    void extremeButHarmlessArgumentsRenderOrFailClearly(String template) {
        try {
            String out = renderer.render("cloudformation.yaml", template, Map.of());
            assertTrue(out.length() < 10, out);
        } catch (RenderException clear) {
            assertFalse(clear.reason().isBlank());
        }
    }

    @Test
    void aFullRenderPoolRefusesAsBusyInsteadOfQueueingWithoutEnd() throws Exception {
        TemplateRenderer oneThread = new TemplateRenderer(new RenderLimits(1_000_000, 100_000_000, java.time.Duration.ofSeconds(2)), 1, 1);
        String slow = "{% for i in range(90000000) %}{% endfor %}";
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            var outcomes = new java.util.ArrayList<java.util.concurrent.Future<String>>();
            for (int i = 0; i < 3; i++) {
                outcomes.add(pool.submit(() -> {
                    try {
                        return oneThread.render("t", slow, Map.of());
                    } catch (dev.pave.error.ThrottlingException busy) {
                        return "busy: " + busy.getMessage();
                    } catch (RenderException timedOut) {
                        return "failed: " + timedOut.reason();
                    }
                }));
            }
            var results = new java.util.ArrayList<String>();
            for (var outcome : outcomes) {
                results.add(outcome.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertTrue(results.contains("busy: Pave is busy rendering templates; try again in a moment"), results.toString());
            assertTrue(results.stream().anyMatch(r -> r.startsWith("failed: rendering took longer than")), results.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sizesWithinTheLimitStillRenderAsJinja2Does() {
        assertEquals("  x  ", renderer.render("t", "{{ 'x' | center(5) }}", Map.of()));
        assertEquals("ab\nc", renderer.render("t", "{{ 'ab c' | wordwrap(2) }}", Map.of()));
        assertEquals("a-b", renderer.render("t", "{{ 'a b' | replace(' ', '-') }}", Map.of()));
        assertEquals("a\n  b", renderer.render("t", "{{ 'a\\nb' | indent(2) }}", Map.of()));
        assertEquals("   42", renderer.render("t", "{{ '%5d' | format(42) }}", Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{ ____int3rpr3t3r____ }}", "{{ ____int3rpr3t3r____.context }}",
            "{{ ____int3rpr3t3r____.getContext() }}", "{% set x = ____int3rpr3t3r____ %}{{ x is defined }}"})
    void jinjavasInternalsAreNotReachable(String template) {
        RenderException error = assertThrows(RenderException.class, () -> renderer.render("t", template, Map.of()));
        assertEquals("'int3rpr3t3r' is reserved and cannot be used in templates", error.reason());
    }
}
