package dev.pave.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Throughput of {@link TemplateRenderer} on the sample bundles; run by bench/render/run.sh, which compares it
 * with jinja2 on the same cases. Args: rounds, and a file to write the cases to for the Python side.
 */
public final class RenderBench {

    private RenderBench() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = Integer.parseInt(args[0]);
        List<Jinja2Oracle.Case> cases = SampleBundlesParityTest.cases();
        new ObjectMapper().writeValue(new File(args[1]), cases.stream()
                .map(c -> Map.of("template", c.template(), "context", c.context()))
                .toList());

        TemplateRenderer renderer = new TemplateRenderer();
        long warmUpEnd = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < warmUpEnd) {
            renderAll(renderer, cases);
        }
        long start = System.nanoTime();
        long characters = 0;
        for (int round = 0; round < rounds; round++) {
            characters += renderAll(renderer, cases);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("pave: %d renders in %.2f s = %.0f renders/s (%d chars)%n",
                rounds * cases.size(), seconds, rounds * cases.size() / seconds, characters);
    }

    private static long renderAll(TemplateRenderer renderer, List<Jinja2Oracle.Case> cases) {
        long characters = 0;
        for (Jinja2Oracle.Case c : cases) {
            characters += renderer.render(c.name(), c.template(), c.context()).length();
        }
        return characters;
    }
}
