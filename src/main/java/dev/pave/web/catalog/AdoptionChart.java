package dev.pave.web.catalog;

import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resources per version of one template as a horizontal bar chart, laid out here so the page draws it as plain SVG:
 * one bar per registered version that is published or has something running on it, newest first, at most
 * {@link #MAX_BARS}. A service template's bar has two segments, instances then pipelines.
 */
@TemplateData
public record AdoptionChart(TemplateType type, Deployed total, List<Bar> bars, int hiddenVersions, int height) {

    static final int MAX_BARS = 20;
    static final int WIDTH = 640;
    static final int BAR_X = 72;
    public static final int BAR_SPACE = 480;
    static final int ROW = 30;
    static final int BAR_HEIGHT = 20;

    /** One version's bar: its counts and where it is drawn. */
    @TemplateData
    public record Bar(String version, Deployed deployed, int y, int firstWidth, int secondX, int secondWidth, int countX) {

        public int textY() {
            return y + BAR_HEIGHT / 2 + 5;
        }

        /** What the bar says, for its tooltip and the chart's text equivalent: "1.2: 3 environments". */
        public String label() {
            return version + ": " + deployed.summary();
        }
    }

    /** @param versions newest first, as the versions table lists them; {@code deployed} by "major.minor" */
    static AdoptionChart of(TemplateType type, List<TemplateVersion> versions, Map<String, Deployed> deployed) {
        List<TemplateVersion> charted = versions.stream()
                .filter(v -> v.published() || deployed.containsKey(v.version())).toList();
        List<TemplateVersion> shown = charted.subList(0, Math.min(MAX_BARS, charted.size()));
        long most = shown.stream().mapToLong(v -> deployed.getOrDefault(v.version(), Deployed.none(type)).total()).max().orElse(0);
        List<Bar> bars = new ArrayList<>();
        for (TemplateVersion v : shown) {
            Deployed d = deployed.getOrDefault(v.version(), Deployed.none(type));
            long first = type == TemplateType.ENVIRONMENT ? d.environments() : d.serviceInstances();
            int firstWidth = width(first, most);
            int secondWidth = width(d.pipelines(), most);
            int y = 8 + bars.size() * ROW;
            bars.add(new Bar(v.version(), d, y, firstWidth, BAR_X + firstWidth, secondWidth, BAR_X + firstWidth + secondWidth + 8));
        }
        Deployed total = deployed.values().stream().reduce(Deployed.none(type), Deployed::plus);
        return new AdoptionChart(type, total, bars, charted.size() - shown.size(), 16 + bars.size() * ROW);
    }

    /** A bar's share of the space; anything running gets at least a sliver, so it never looks like none. */
    private static int width(long count, long most) {
        if (count == 0) {
            return 0;
        }
        return (int) Math.max(3, Math.round((double) BAR_SPACE * count / most));
    }

    public boolean isEmpty() {
        return total.total() == 0;
    }

    public int width() {
        return WIDTH;
    }

    public int barX() {
        return BAR_X;
    }

    /** Version labels end just left of the bars. */
    public int labelX() {
        return BAR_X - 8;
    }

    public int barHeight() {
        return BAR_HEIGHT;
    }

    /** The chart's accessible name: every bar in words. */
    public String description() {
        StringBuilder text = new StringBuilder("Resources per version: ");
        for (int i = 0; i < bars.size(); i++) {
            text.append(i == 0 ? "" : "; ").append(bars.get(i).label());
        }
        return text.toString();
    }
}
