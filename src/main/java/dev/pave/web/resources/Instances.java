package dev.pave.web.resources;

import dev.pave.deploy.DeploymentStatus;
import dev.pave.service.ServiceInstance;
import dev.pave.service.ServiceSearch.InstanceSearch;
import dev.pave.service.ServiceSearch;
import dev.pave.web.Htmx;
import dev.pave.web.QueryParams;
import dev.pave.web.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.Arrays;
import java.util.List;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Every service's instances in one list, filtered in place and paged. It is the index of {@link ServiceInstances},
 * but a controller of its own: that one's pages live under {@code /services/{service}/instances}, and a class
 * rooted at {@code /} to hold both would lose every {@code /services/...} URL to the services' own controller.
 */
@Path("/instances")
public class Instances {

    static final int PAGE_SIZE = 50;

    /** The list's filters as the page's query has them; empty strings for "any". */
    @TemplateData
    public record Listing(String text, String service, String environment, String template, String status) {

        InstanceSearch search() {
            return new InstanceSearch(QueryParams.orNull(text), QueryParams.orNull(service), QueryParams.orNull(environment),
                    QueryParams.orNull(template), status.isEmpty() ? null : DeploymentStatus.valueOf(status));
        }

        /** The list's URL on another page, the filters kept. */
        public String url(int page) {
            return "/instances?text=" + QueryParams.encode(text) + "&service=" + QueryParams.encode(service) + "&environment="
                    + QueryParams.encode(environment) + "&template=" + QueryParams.encode(template) + "&status=" + status + "&page=" + page;
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<ServiceInstance> instances, Listing listing, List<String> statuses, int page, boolean more);

        static native TemplateInstance index$list(List<ServiceInstance> instances, Listing listing, List<String> statuses, int page,
                boolean more);
    }

    @Inject
    ServiceSearch search;

    @Inject
    Viewer viewer;

    @Inject
    Htmx htmx;

    @GET
    public TemplateInstance index(@RestQuery String text, @RestQuery String service, @RestQuery String environment,
            @RestQuery String template, @RestQuery String status, @RestQuery Integer page) {
        int current = QueryParams.page(page);
        DeploymentStatus s = QueryParams.choice(DeploymentStatus.class, "status", status);
        Listing listing = new Listing(QueryParams.text(text), QueryParams.text(service), QueryParams.text(environment),
                QueryParams.text(template), s == null ? "" : s.name());
        List<ServiceInstance> found = search.search(viewer.caller(), listing.search(), (current - 1) * PAGE_SIZE, PAGE_SIZE + 1);
        List<ServiceInstance> shown = found.subList(0, Math.min(PAGE_SIZE, found.size()));
        List<String> statuses = Arrays.stream(DeploymentStatus.values()).map(Enum::name).toList();
        boolean more = found.size() > PAGE_SIZE;
        return htmx.targets("instance-list") ? Templates.index$list(shown, listing, statuses, current, more)
                : Templates.index(shown, listing, statuses, current, more);
    }
}
