package dev.pave.web;

import dev.pave.template.Template;
import io.quarkus.qute.TemplateData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One page of the catalog as filtered: the cards and the links to the neighbouring pages. */
@TemplateData
public record CatalogPage(String text, String kind, int page, List<Card> cards, boolean hasNext) {

    /** A template with its recommended version, "major.minor", or null when none is published. */
    @TemplateData
    public record Card(Template template, String recommendedVersion) {
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
        return "/?text=" + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&kind=" + kind + "&page=" + target;
    }
}
