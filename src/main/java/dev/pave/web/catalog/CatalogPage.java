package dev.pave.web.catalog;

import dev.pave.template.Template;
import dev.pave.template.TemplateService.CompatibleEnvironment;
import dev.pave.template.bundle.Manifest;
import io.quarkus.qute.TemplateData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One page of the catalog as filtered (kind and engine as their URL slugs, empty for all): the cards and the links to the neighbouring pages. */
@TemplateData
public record CatalogPage(String text, String kind, String engine, int page, List<Card> cards, boolean hasNext) {

    /**
     * A template as its card shows it.
     *
     * @param recommendedVersion "major.minor", or null when none is published
     * @param engine             the recommended (else newest) version's environment or instance engine; null when none
     * @param pipelineEngine     its pipeline's engine, shown when it differs
     */
    @TemplateData
    public record Card(Template template, String recommendedVersion, Manifest.Engine engine, Manifest.Engine pipelineEngine,
            List<CompatibleEnvironment> compatibleEnvironments, Deployed deployed) {

        public boolean pipelineEngineDiffers() {
            return pipelineEngine != null && pipelineEngine != engine;
        }
    }

    /** Engines to filter by, in the order the filter lists them. */
    public List<Manifest.Engine> getEngines() {
        return List.of(Manifest.Engine.values());
    }

    public boolean isFiltered() {
        return !text.isEmpty() || !kind.isEmpty() || !engine.isEmpty();
    }

    public String previousUrl() {
        return url(page - 1);
    }

    public String nextUrl() {
        return url(page + 1);
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    private String url(int target) {
        return "/?text=" + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&kind=" + kind + "&engine=" + engine + "&page=" + target;
    }
}
