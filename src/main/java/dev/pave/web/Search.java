package dev.pave.web;

import dev.pave.search.SearchService.Hit;
import dev.pave.search.SearchService;
import dev.pave.template.TemplateType;
import dev.pave.web.catalog.TemplatePaths;
import dev.pave.web.resources.ResourcePaths;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The header's search box: as the user types, htmx asks for a short list under the box; Enter (or a browser
 * without JavaScript) opens the full results page.
 */
@Path("/search")
public class Search {

    static final int SUGGESTED = 5;
    static final int LISTED = 20;

    /** A hit as a page links it. */
    @TemplateData
    public record Result(String kind, String name, String detail, String url) {

        static Result of(Hit hit) {
            String kind = hit.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            return switch (hit.kind()) {
                case TEMPLATE -> new Result(PageFormats.slug(TemplateType.valueOf(hit.parent())) + " template", hit.name(), hit.detail(),
                        TemplatePaths.of(TemplateType.valueOf(hit.parent()), hit.name()));
                case ENVIRONMENT -> new Result(kind, hit.name(), hit.detail(), ResourcePaths.environment(hit.name()));
                case SERVICE -> new Result(kind, hit.name(), hit.detail(), ResourcePaths.service(hit.name()));
                case SERVICE_INSTANCE -> new Result(kind, hit.parent() + "/" + hit.name(), hit.detail(), ResourcePaths.instance(hit.parent(), hit.name()));
                case COMPONENT -> new Result(kind, hit.name(), hit.detail(), ResourcePaths.component(hit.name()));
                case DEPLOYMENT -> new Result(kind, hit.name(), hit.detail(), "/deployments/" + hit.name());
            };
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(String q, List<Result> results, int shortest);

        static native TemplateInstance index$suggestions(String q, List<Result> results, int shortest);
    }

    @Inject
    SearchService search;

    @Inject
    Viewer viewer;

    @Inject
    Htmx htmx;

    @GET
    public TemplateInstance index(@RestQuery String q) {
        String text = q == null ? "" : q.strip();
        boolean suggest = htmx.targets("search-suggestions");
        List<Result> results = search.search(viewer.caller(), text, suggest ? SUGGESTED : LISTED).stream().map(Result::of).toList();
        return suggest ? Templates.index$suggestions(text, results, SearchService.MIN_LENGTH) : Templates.index(text, results, SearchService.MIN_LENGTH);
    }
}
