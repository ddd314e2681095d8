package dev.pave.search;

import dev.pave.LikePatterns;
import dev.pave.component.Component;
import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentService;
import dev.pave.environment.Environment;
import dev.pave.identity.Caller;
import dev.pave.service.Service;
import dev.pave.service.ServiceInstance;
import dev.pave.template.Template;
import dev.pave.template.TemplateCatalog;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One search over everything Pave keeps by name: templates (name, display name, description), environments,
 * services, service instances ("service/instance" narrows to one service) and components by name, deployments by
 * the start of their id; trigram indexes (V24, V28) serve the matches. What a caller may read
 * is what each feature's own listing shows them: templates come through the catalog's search.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class SearchService {

    /** The kinds of thing a search finds, in the order results are shown. */
    public enum Kind {
        TEMPLATE, ENVIRONMENT, SERVICE, SERVICE_INSTANCE, COMPONENT, DEPLOYMENT
    }

    /**
     * One thing found. {@code name} is what it is called (a deployment's id), {@code parent} the service of an
     * instance or the template type of a template, {@code detail} a short line about it.
     */
    public record Hit(Kind kind, String name, String parent, String detail) {
    }

    /** Shorter texts find too much to be useful. */
    public static final int MIN_LENGTH = 2;

    @Inject
    TemplateCatalog catalog;

    /** Up to {@code perKind} hits of each kind, names that start with the text first; nothing for a text under {@link #MIN_LENGTH}. */
    public List<Hit> search(Caller caller, String text, int perKind) {
        caller.requireAnyRole();
        List<Hit> hits = new ArrayList<>();
        if (text == null || text.strip().length() < MIN_LENGTH) {
            return hits;
        }
        for (Template t : catalog.search(caller, null, text, 0, perKind)) {
            hits.add(new Hit(Kind.TEMPLATE, t.name, t.type.name(), t.displayName));
        }
        Map<String, Object> params = Map.of("like", LikePatterns.containing(text), "prefix", LikePatterns.startingWith(text));
        String byName = "lower(name) like :like escape '\\' order by case when lower(name) like :prefix escape '\\' then 0 else 1 end, name";
        for (Environment e : Environment.<Environment>find(byName, params).range(0, perKind - 1).list()) {
            hits.add(new Hit(Kind.ENVIRONMENT, e.name, null, e.templateName + " " + e.templateVersion.version() + " · " + e.deployment.status));
        }
        for (Service s : Service.<Service>find(byName, params).range(0, perKind - 1).list()) {
            hits.add(new Hit(Kind.SERVICE, s.name, null, s.templateName + " · " + s.status));
        }
        // "service/instance" finds that service's instances by name; otherwise either name may match (both indexed)
        int slash = text.indexOf('/');
        String instanceQuery = slash < 0 ? "(lower(name) like :like escape '\\' or lower(serviceName) like :like escape '\\')"
                + " order by case when lower(name) like :prefix escape '\\' then 0 else 1 end, serviceName, name"
                : "serviceName = :service and lower(name) like :prefix escape '\\' order by name";
        Map<String, Object> instanceParams = slash < 0 ? params
                : Map.of("service", text.substring(0, slash).strip(), "prefix", LikePatterns.startingWith(text.substring(slash + 1)));
        for (ServiceInstance i : ServiceInstance.<ServiceInstance>find(instanceQuery, instanceParams).range(0, perKind - 1).list()) {
            hits.add(new Hit(Kind.SERVICE_INSTANCE, i.name, i.serviceName, "in " + i.environmentName + " · " + i.deployment.status));
        }
        for (Component c : Component.<Component>find(byName, params).range(0, perKind - 1).list()) {
            hits.add(new Hit(Kind.COMPONENT, c.name, null, "in " + c.environmentName + " · " + c.deployment.status));
        }
        // ids are lower-case UUIDs, so the column itself is matched (and its trigram index used)
        for (Deployment d : Deployment.<Deployment>find("id like :prefix escape '\\'", Sort.descending("createdAt"),
                Map.of("prefix", LikePatterns.startingWith(text))).range(0, perKind - 1).list()) {
            hits.add(new Hit(Kind.DEPLOYMENT, d.id, null, DeploymentService.label(d) + " · " + d.status));
        }
        return hits;
    }
}
