package dev.pave.render;

import java.time.Duration;

/**
 * Bounds on one render, so a template cannot exhaust the server.
 *
 * @param maxOutputChars     longest output accepted (also the longest string a template may build)
 * @param maxLoopIterations  most for-loop iterations in one render, summed over all loops; also the longest range()
 * @param timeout            wall-clock budget for one render
 */
public record RenderLimits(long maxOutputChars, int maxLoopIterations, Duration timeout) {

    public static final RenderLimits DEFAULT = new RenderLimits(1_000_000, 100_000, Duration.ofSeconds(5));
}
