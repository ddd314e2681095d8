package dev.pave.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.error.ConflictException;
import dev.pave.error.ValidationException;
import dev.pave.identity.AuditLog;
import dev.pave.identity.Caller;
import dev.pave.repository.GitMirror;
import dev.pave.repository.RepositoryService;
import dev.pave.schema.Spec;
import dev.pave.schema.SpecDocuments;
import dev.pave.service.NewService;
import dev.pave.service.Service;
import dev.pave.service.ServiceInstance;
import dev.pave.service.ServiceService;
import dev.pave.team.Ownership;
import dev.pave.template.bundle.BundleException;
import dev.pave.template.bundle.SafeYaml;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Manage from Git" when a service is created in the portal, as Proton's console offered it: the service's entry in
 * a proton-ops file and its instances' spec files are pushed as review branches of a linked repository, and the
 * service syncs from the proton-ops file from then on, so its instances deploy once the files are merged.
 */
@ApplicationScoped
public class ServiceSyncProposals {

    /** Where an instance's spec file goes; a null or blank member takes the default (the ops branch, {@code <service>/spec.yaml}). */
    public record Place(String branch, String path) {
    }

    /** The repository, the branch and path of the proton-ops file, and each instance's place, by instance name. */
    public record Plan(String repositoryProvider, String repositoryName, String branch, String opsPath, Map<String, Place> instances) {
    }

    /** A file as it will be proposed: the branch it is meant for, its path and content. */
    public record ProposedFile(String branch, String path, String content) {
    }

    /** A pushed review branch: what it merges into, its commit, and where to open the pull request (null when Pave cannot tell). */
    public record Proposed(String branch, String base, String commit, String reviewUrl) {
    }

    @Inject
    ServiceService services;

    @Inject
    ServiceSyncService syncs;

    @Inject
    RepositoryService repositories;

    @Inject
    GitMirror mirror;

    @Inject
    AuditLog audit;

    @Inject
    Ownership ownership;

    /** The files a plan proposes for a service of this ServiceSpec (pipeline and instances), checked; nothing is pushed. */
    public List<ProposedFile> files(String service, Plan plan, String serviceSpec) {
        Plan p = checked(service, plan);
        ObjectNode document = Spec.parse(serviceSpec, Spec.Kind.ServiceSpec);
        List<ProposedFile> files = new ArrayList<>();
        files.add(new ProposedFile(p.branch(), p.opsPath(), SpecDocuments.yaml(opsDocument(service, p))));
        Map<Place, ObjectNode> specs = new LinkedHashMap<>();
        for (JsonNode instance : document.path("instances")) {
            Place place = p.instances().get(instance.path("name").asText());
            ObjectNode spec = specs.computeIfAbsent(place, x -> {
                ObjectNode doc = SpecDocuments.start("ServiceSpec");
                if (specs.isEmpty() && document.hasNonNull("pipeline")) {
                    doc.set("pipeline", document.get("pipeline")); // the pipeline's inputs go with the first instance's spec
                }
                doc.putArray("instances");
                return doc;
            });
            ((ArrayNode) spec.get("instances")).add(instance);
        }
        specs.forEach((place, doc) -> files.add(new ProposedFile(place.branch(), place.path(), SpecDocuments.yaml(doc))));
        return files;
    }

    /**
     * Creates the service without instances, makes it follow the plan's proton-ops file, and pushes the files as one
     * review branch per target branch; all or nothing on Pave's side (a refused push creates nothing).
     */
    @Transactional
    public List<Proposed> create(Caller caller, NewService service, Plan plan) {
        caller.requireDeployer();
        Plan p = checked(service.name(), plan);
        List<ProposedFile> files = files(service.name(), p, service.spec());
        ObjectNode serviceOnly = Spec.parse(service.spec(), Spec.Kind.ServiceSpec);
        serviceOnly.putArray("instances");
        Service s = services.createSynced(caller, new NewService(service.name(), service.templateName(), service.templateMajorVersion(),
                service.templateMinorVersion(), SpecDocuments.yaml(serviceOnly), service.description(), service.repositoryConnectionArn(),
                service.repositoryId(), service.branchName(), service.tags()));
        ServiceSyncConfig config = syncs.create(caller, s.name, new ServiceSyncService.Source(p.repositoryProvider(), p.repositoryName(),
                p.branch(), p.opsPath()));

        RepositoryService.Access access = repositories.access(p.repositoryProvider(), p.repositoryName());
        Map<String, List<ProposedFile>> byBranch = new LinkedHashMap<>();
        files.forEach(f -> byBranch.computeIfAbsent(f.branch(), b -> new ArrayList<>()).add(f));
        List<Proposed> proposed = new ArrayList<>();
        try {
            for (Map.Entry<String, List<ProposedFile>> group : byBranch.entrySet()) {
                proposed.add(push(caller, s.name, p, access, group.getKey(), group.getValue()));
            }
        } catch (GitMirror.GitException e) {
            throw new ValidationException(ValidationException.Problem.about("syncRepository", e.getMessage()
                    + (proposed.isEmpty() ? "" : " (branch " + proposed.get(0).branch() + " was pushed already: delete it before trying again)")));
        }
        StringBuilder lines = new StringBuilder();
        proposed.forEach(b -> lines.append(b.branch()).append(" into ").append(b.base()).append(" at ").append(b.commit()).append('\n'));
        config.proposal = lines.toString();
        config.lastModifiedAt = Instant.now();
        audit.record(caller, "ProposeServiceSync", s.name, lines.toString().strip());
        return proposed;
    }

    /**
     * "Adopt into Git": the spec a synced instance runs (changed by hand, so service sync is blocked) is written into
     * its entry of the spec file its last sync read, and pushed as a review branch of that file's branch. Once that is
     * merged, Git asks for what runs and the sync resolves the blocker itself. Other entries and the rest of the file
     * are kept (its comments are not: the file is written anew).
     */
    public Proposed adopt(Caller caller, String service, String instance) {
        Adoption a = QuarkusTransaction.requiringNew().call(() -> {
            Service s = services.service(caller, service);
            ServiceInstance i = services.instance(caller, service, instance);
            ownership.requireChange(caller, s);
            if (!syncs.instanceSync(caller, service, instance).synced()) {
                throw new ValidationException("Service instance " + service + "/" + instance + " is not synced from Git: there is nothing to adopt it into");
            }
            ServiceSyncAttempt read = ServiceSyncAttempt.<ServiceSyncAttempt>find("service = ?1 and instanceName = ?2 and directory is not null order by id desc",
                    s, instance).firstResultOptional().orElseThrow(() -> new ConflictException("Service sync has not read a spec file for "
                            + service + "/" + instance + " yet: adopt its spec once it has"));
            return new Adoption(read.repositoryProvider, read.repositoryName, read.branch, read.directory, SpecDocuments.read(i.spec));
        });
        RepositoryService.Access access = repositories.access(a.provider(), a.repository());
        String branch = "pave/adopt/" + service + "-" + instance + "-" + Instant.now().getEpochSecond();
        try (GitMirror.Snapshot head = mirror.fetch(a.provider(), a.repository(), access, a.branch())) {
            byte[] file = head.file(a.path()).orElseThrow(() -> new ConflictException("Spec file " + a.path() + " is no longer on branch " + a.branch()));
            JsonNode document = SafeYaml.parse(a.path(), file);
            ObjectNode entry = null;
            for (JsonNode i : document.path("instances")) {
                if (i instanceof ObjectNode o && instance.equals(i.path("name").asText(null))) {
                    entry = o;
                }
            }
            if (entry == null) {
                throw new ConflictException(a.path() + " on branch " + a.branch() + " no longer lists instance " + instance);
            }
            entry.set("spec", a.inputs());
            String commit = mirror.propose(a.provider(), a.repository(), access, Optional.of(head), branch,
                    Map.of(a.path(), SpecDocuments.yaml((ObjectNode) document).getBytes(StandardCharsets.UTF_8)),
                    "Adopt the spec service instance " + service + "/" + instance + " runs\n\nIt was changed outside Git; adopted in Pave by "
                            + caller.username() + ". Merging this lets service sync follow Git again.", caller.username());
            QuarkusTransaction.requiringNew().run(() -> audit.record(caller, "AdoptIntoGit", service + "/" + instance,
                    branch + " into " + a.branch() + " at " + commit));
            return new Proposed(branch, a.branch(), commit, reviewUrl(a.provider(), access.url(), a.branch(), branch));
        } catch (BundleException e) {
            throw new ConflictException("The spec file in Git cannot be read: " + e.getMessage());
        } catch (GitMirror.GitException e) {
            throw new ValidationException(e.getMessage());
        }
    }

    /** Where an instance's spec lives in Git, and the inputs it runs. */
    private record Adoption(String provider, String repository, String branch, String path, JsonNode inputs) {
    }

    /** The review branches recorded for a service's config, with where to open each pull request. */
    public List<Proposed> proposed(ServiceSyncConfig config) {
        if (config.proposal == null) {
            return List.of();
        }
        String url = repositories.access(config.repositoryProvider, config.repositoryName).url();
        return config.proposal.lines().map(l -> l.split(" into | at ")).filter(a -> a.length == 3)
                .map(a -> new Proposed(a[0], a[1], a[2], reviewUrl(config.repositoryProvider, url, a[1], a[0]))).toList();
    }

    private Proposed push(Caller caller, String service, Plan p, RepositoryService.Access access, String base, List<ProposedFile> files) {
        String branch = "pave/service-sync/" + service + (base.equals(p.branch()) ? "" : "-into-" + base.replaceAll("[^A-Za-z0-9._-]", "-"));
        Optional<GitMirror.Snapshot> head = mirror.head(access, base).map(h -> mirror.fetch(p.repositoryProvider(), p.repositoryName(), access, base));
        try {
            Map<String, byte[]> content = new LinkedHashMap<>();
            for (ProposedFile f : files) {
                Optional<byte[]> existing = head.flatMap(h -> h.file(f.path()));
                String text = f.content();
                if (existing.isPresent() && f.path().equals(p.opsPath()) && base.equals(p.branch())) {
                    text = mergedOps(service, f.path(), existing.get(), p);
                } else if (existing.isPresent()) {
                    throw new GitMirror.GitException(f.path() + " already exists on branch " + base + ": choose another spec path");
                }
                content.put(f.path(), text.getBytes(StandardCharsets.UTF_8));
            }
            String commit = mirror.propose(p.repositoryProvider(), p.repositoryName(), access, head, branch, content,
                    "Sync service " + service + " from Git\n\nProposed in Pave by " + caller.username() + ".", caller.username());
            return new Proposed(branch, base, commit, reviewUrl(p.repositoryProvider(), access.url(), base, branch));
        } finally {
            head.ifPresent(GitMirror.Snapshot::close);
        }
    }

    /** An existing proton-ops file with this service's entry added; other services' entries are kept (comments are not). */
    private static String mergedOps(String service, String path, byte[] existing, Plan p) {
        JsonNode root;
        try {
            root = SafeYaml.parse(path, existing);
        } catch (BundleException e) {
            throw new GitMirror.GitException("The existing " + e.getMessage() + ": mend it before adding a service to it");
        }
        if (!(root instanceof ObjectNode document) || !root.path("sync").path("services").isObject()) {
            throw new GitMirror.GitException("The existing " + path + " has no sync: services: mapping to add " + service + " to");
        }
        ObjectNode services = (ObjectNode) document.get("sync").get("services");
        if (services.has(service)) {
            throw new GitMirror.GitException("The existing " + path + " already lists service " + service);
        }
        services.set(service, opsDocument(service, p).get("sync").get("services").get(service));
        return SpecDocuments.yaml(document);
    }

    private static ObjectNode opsDocument(String service, Plan p) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode entries = root.putObject("sync").putObject("services").putObject(service);
        p.instances().forEach((name, place) -> entries.putObject(name).put("branch", place.branch()).put("spec", "./" + place.path()));
        return root;
    }

    /** The plan with defaults filled in and every branch and path checked; errors name the field or the instance. */
    private static Plan checked(String service, Plan plan) {
        SyncPaths.requireLinked(plan.repositoryProvider(), plan.repositoryName());
        String branch = plan.branch() == null || plan.branch().isBlank() ? null : plan.branch().strip();
        if (branch == null) {
            throw new ValidationException(ValidationException.Problem.about("syncBranch", "Enter the branch Pave syncs from, e.g. main."));
        }
        if (!SyncPaths.isBranch(branch)) {
            throw new ValidationException(ValidationException.Problem.about("syncBranch", "The synced branch must be a branch name, like main."));
        }
        String ops = SyncPaths.inRepository(Optional.ofNullable(plan.opsPath()).orElse("")).filter(x -> !x.isEmpty()).orElseThrow(() ->
                new ValidationException(ValidationException.Problem.about("opsPath", "Enter the proton-ops file's path inside the repository, e.g. proton-ops.yaml.")));
        Map<String, Place> places = new LinkedHashMap<>();
        plan.instances().forEach((name, place) -> {
            String b = place.branch() == null || place.branch().isBlank() ? branch : place.branch().strip();
            if (!SyncPaths.isBranch(b)) {
                throw new ValidationException("The spec branch of instance " + name + " must be a branch name, like main");
            }
            String given = place.path() == null || place.path().isBlank() ? null : place.path();
            String path = given == null ? service + "/spec.yaml" : SyncPaths.inRepository(given).filter(x -> !x.isEmpty()).orElseThrow(() -> new ValidationException(
                    "The spec path of instance " + name + " must be a file path inside the repository, like specs/" + name + ".yaml"));
            places.put(name, new Place(b, path));
        });
        return new Plan(plan.repositoryProvider(), plan.repositoryName(), branch, ops, places);
    }

    /** Where the host opens a pull request from {@code branch} into {@code base}; null for hosts Pave does not know (file://). */
    static String reviewUrl(String provider, String url, String base, String branch) {
        if (url == null || !url.startsWith("https://")) {
            return null;
        }
        String web = url.replaceFirst("^https://[^/@]*@", "https://").replaceFirst("\\.git/?$", "").replaceFirst("/$", "");
        String from = URLEncoder.encode(branch, StandardCharsets.UTF_8);
        String into = URLEncoder.encode(base, StandardCharsets.UTF_8);
        if (web.contains("gitlab")) {
            return web + "/-/merge_requests/new?merge_request%5Bsource_branch%5D=" + from + "&merge_request%5Btarget_branch%5D=" + into;
        }
        return switch (provider) {
            case "BITBUCKET" -> web + "/pull-requests/new?source=" + from + "&dest=" + into;
            default -> web + "/compare/" + into + "..." + from + "?expand=1";
        };
    }
}
