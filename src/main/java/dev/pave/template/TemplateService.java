package dev.pave.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.Arns;
import dev.pave.PaveConfig;
import dev.pave.error.ConflictException;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ServiceQuotaExceededException;
import dev.pave.error.ValidationException;
import dev.pave.identity.AuditLog;
import dev.pave.identity.Caller;
import dev.pave.identity.Role;
import dev.pave.tag.TagService;
import dev.pave.team.Team;
import dev.pave.template.Template;
import dev.pave.template.bundle.BundleArchive;
import dev.pave.template.bundle.BundleValidator;
import dev.pave.template.bundle.ValidatedBundle;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The template registry with Proton's rules: major.minor versions, DRAFT → PUBLISHED, the recommended version,
 * compatible environment templates, and deletion only of what nothing uses.
 */
@ApplicationScoped
@Transactional
public class TemplateService {

    public record NewTemplate(String name, String displayName, String description, String encryptionKey, String provisioning) {
    }

    public record CompatibleEnvironment(String templateName, int majorVersion) {
    }

    public record NewVersion(Integer majorVersion, String description, BundleSource source,
            List<CompatibleEnvironment> compatibleEnvironments, List<String> supportedComponentSources) {
    }

    public record VersionChange(Optional<String> description, Optional<TemplateVersion.Status> status,
            Optional<List<CompatibleEnvironment>> compatibleEnvironments, Optional<List<String>> supportedComponentSources) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A version was published, inside the publishing transaction; it may now be the recommended one. */
    public record Published(TemplateVersion version) {
    }

    @Inject
    jakarta.enterprise.event.Event<Published> published;

    @Inject
    AuditLog audit;

    @Inject
    TagService tags;

    @Inject
    Arns arns;

    @Inject
    VersionRegistrar registrar;

    @Inject
    Instance<TemplateUsage> usages;

    @Inject
    Instance<VersionHold> holds;

    private final Map<Long, ValidatedBundle> validatedBundles = new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ValidatedBundle> eldest) {
            return size() > 256;
        }
    };

    @Inject
    PaveConfig config;

    // --- templates ---------------------------------------------------------------------------------------

    public Template createTemplate(Caller caller, TemplateType type, NewTemplate spec, Map<String, String> tagMap) {
        caller.require(Role.PLATFORM_ADMIN);
        if (Template.find(type, spec.name()).isPresent()) {
            throw new ConflictException(label(type) + " template " + spec.name() + " already exists");
        }
        if (Template.count() >= config.quotas().templates()) {
            throw new ServiceQuotaExceededException("You have reached the quota of " + config.quotas().templates() + " templates");
        }
        if (spec.provisioning() != null && !Template.CUSTOMER_MANAGED.equals(spec.provisioning())) {
            throw new ValidationException("provisioning must be CUSTOMER_MANAGED or left out");
        }
        Template t = new Template();
        t.type = type;
        t.name = spec.name();
        t.displayName = spec.displayName();
        t.description = spec.description();
        t.encryptionKey = spec.encryptionKey();
        if (type == TemplateType.ENVIRONMENT) {
            t.provisioning = spec.provisioning();
        } else {
            t.pipelineProvisioning = spec.provisioning();
        }
        t.createdAt = t.lastModifiedAt = Instant.now();
        t.persist();
        tags.tag(caller, arn(t), tagMap);
        audit.record(caller, "Create" + kind(type) + "Template", t.name, null);
        return t;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Template template(Caller caller, TemplateType type, String name) {
        caller.requireAnyRole();
        return Template.find(type, name).orElseThrow(() -> new ResourceNotFoundException(
                "The " + label(type) + " template " + name + " was not found"));
    }

    public Template updateTemplate(Caller caller, TemplateType type, String name, Optional<String> displayName, Optional<String> description) {
        caller.require(Role.PLATFORM_ADMIN);
        Template t = template(caller, type, name);
        // the pages clear a field by sending it empty
        displayName.ifPresent(v -> t.displayName = v.isBlank() ? null : v);
        description.ifPresent(v -> t.description = v.isBlank() ? null : v);
        t.lastModifiedAt = Instant.now();
        audit.record(caller, "Update" + kind(type) + "Template", name, null);
        return t;
    }

    /** Limits the template to these teams' resources (none: open to all); what already runs it keeps running. */
    public Template limitToTeams(Caller caller, TemplateType type, String name, Collection<String> teams) {
        caller.require(Role.PLATFORM_ADMIN);
        Template t = template(caller, type, name);
        Set<String> chosen = Team.existing(teams);
        t.teams.clear();
        t.teams.addAll(chosen);
        audit.record(caller, "Limit" + kind(type) + "TemplateToTeams", name, chosen.isEmpty() ? "every team" : String.join(",", chosen));
        return t;
    }

    public Template deleteTemplate(Caller caller, TemplateType type, String name) {
        caller.require(Role.PLATFORM_ADMIN);
        Template t = template(caller, type, name);
        long versions = TemplateVersion.count("template", t);
        if (versions > 0) {
            throw new ConflictException(label(type) + " template " + name + " has " + versions
                    + " version(s); delete them before deleting the template");
        }
        tags.untagAll(arn(t));
        t.delete();
        audit.record(caller, "Delete" + kind(type) + "Template", name, null);
        return t;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long templateCount() {
        return Template.count();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean exists(TemplateType type, String name) {
        return Template.find(type, name).isPresent();
    }

    /** The resources on each version of these templates (environments, or service instances and pipelines). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<TemplateUsage.Count> usage(Caller caller, TemplateType type, Collection<String> templateNames) {
        caller.requireAnyRole();
        return usages.stream().flatMap(u -> u.countByVersion(type, templateNames).stream()).toList();
    }

    /** The highest offered version: published and not deprecated. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<TemplateVersion> recommendedVersion(Template t) {
        return TemplateVersion.find("template = ?1 and status = ?2 and deprecatedAt is null", Sort.descending("majorVersion", "minorVersion"),
                t, TemplateVersion.Status.PUBLISHED).firstResultOptional();
    }

    // --- versions ----------------------------------------------------------------------------------------

    /**
     * Registers a version: reserves its number (REGISTRATION_IN_PROGRESS) in one transaction, reads and validates
     * the bundle outside any transaction, then records DRAFT or REGISTRATION_FAILED in a second one. A restart
     * between the two leaves a row that {@link #failInterruptedRegistrations} marks failed (or, for a version template
     * sync made, that sync's next round finishes).
     */
    @Transactional(Transactional.TxType.NEVER)
    public TemplateVersion createVersion(Caller caller, TemplateType type, String templateName, NewVersion spec, Map<String, String> tagMap) {
        Long versionId = QuarkusTransaction.requiringNew().call(() -> reserveVersion(caller, type, templateName, spec, tagMap));
        return finishRegistration(caller, type, templateName, versionId, spec.source());
    }

    /**
     * Reads, validates and records a reserved version's bundle: the second half of {@link #createVersion}, which
     * template sync also calls for a registration a restart cut off (its source is the same Git tree).
     */
    @Transactional(Transactional.TxType.NEVER)
    public TemplateVersion finishRegistration(Caller caller, TemplateType type, String templateName, Long versionId, BundleSource source) {
        caller.require(Role.PLATFORM_ADMIN);
        VersionRegistrar.Outcome outcome = registrar.register(type, versionId, source);
        return QuarkusTransaction.requiringNew().call(() -> {
            TemplateVersion v = TemplateVersion.findById(versionId);
            outcome.applyTo(v);
            v.lastModifiedAt = Instant.now();
            audit.record(caller, "Register" + kind(type) + "TemplateVersion", templateName + ":" + v.version(),
                    v.status + (v.statusMessage == null ? "" : ": " + v.statusMessage));
            return v;
        });
    }

    private Long reserveVersion(Caller caller, TemplateType type, String templateName, NewVersion spec, Map<String, String> tagMap) {
        caller.require(Role.PLATFORM_ADMIN);
        Template t = template(caller, type, templateName);
        if (TemplateVersion.count("template", t) >= config.quotas().versionsPerTemplate()) {
            throw new ServiceQuotaExceededException("Template " + templateName + " has reached the quota of "
                    + config.quotas().versionsPerTemplate() + " versions");
        }
        if (type == TemplateType.SERVICE) {
            requireCompatibleEnvironments(spec.compatibleEnvironments());
        }
        int major;
        int minor;
        if (spec.majorVersion() == null) {
            major = TemplateVersion.find("template", Sort.descending("majorVersion"), t).firstResultOptional()
                    .map(v -> ((TemplateVersion) v).majorVersion + 1).orElse(1);
            minor = 0;
        } else {
            major = spec.majorVersion();
            int highestMajor = TemplateVersion.find("template", Sort.descending("majorVersion"), t).firstResultOptional()
                    .map(v -> ((TemplateVersion) v).majorVersion).orElse(0);
            if (major > highestMajor + 1) {
                throw new ValidationException("Template " + templateName + " has no major version " + major
                        + "; leave majorVersion out to create major version " + (highestMajor + 1));
            }
            minor = TemplateVersion.find("template = ?1 and majorVersion = ?2", Sort.descending("minorVersion"), t, major)
                    .firstResultOptional().map(v -> ((TemplateVersion) v).minorVersion + 1).orElse(0);
        }
        TemplateVersion v = new TemplateVersion();
        v.template = t;
        v.majorVersion = major;
        v.minorVersion = minor;
        v.status = TemplateVersion.Status.REGISTRATION_IN_PROGRESS;
        v.description = spec.description();
        v.source = spec.source().describe();
        v.sourceTree = spec.source() instanceof BundleSource.Git git ? git.tree() : null;
        v.compatibleEnvironmentTemplates = type == TemplateType.SERVICE ? write(spec.compatibleEnvironments()) : null;
        v.supportedComponentSources = type == TemplateType.SERVICE && spec.supportedComponentSources() != null
                ? write(spec.supportedComponentSources()) : null;
        v.createdAt = v.lastModifiedAt = Instant.now();
        v.persist();
        tags.tag(caller, arn(v), tagMap);
        return v.id;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public TemplateVersion version(Caller caller, TemplateType type, String templateName, int major, int minor) {
        Template t = template(caller, type, templateName);
        return TemplateVersion.<TemplateVersion>find("template = ?1 and majorVersion = ?2 and minorVersion = ?3", t, major, minor)
                .firstResultOptional().orElseThrow(() -> new ResourceNotFoundException(
                        "The " + label(type) + " template version " + templateName + ":" + major + "." + minor + " was not found"));
    }

    /** Versions newest first; {@code major} narrows to one major version. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<TemplateVersion> versions(Caller caller, TemplateType type, String templateName, Integer major, int offset, int limit) {
        Template t = template(caller, type, templateName);
        var query = major == null
                ? TemplateVersion.<TemplateVersion>find("template", Sort.descending("majorVersion", "minorVersion"), t)
                : TemplateVersion.<TemplateVersion>find("template = ?1 and majorVersion = ?2", Sort.descending("minorVersion"), t, major);
        return query.range(offset, offset + limit - 1).list();
    }

    /** The highest offered minor of the version's major (Proton's {@code recommendedMinorVersion}). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Integer> recommendedMinor(TemplateVersion v) {
        return TemplateVersion.<TemplateVersion>find("template = ?1 and majorVersion = ?2 and status = ?3 and deprecatedAt is null", Sort.descending("minorVersion"),
                v.template, v.majorVersion, TemplateVersion.Status.PUBLISHED).firstResultOptional().map(r -> r.minorVersion);
    }

    public TemplateVersion updateVersion(Caller caller, TemplateType type, String templateName, int major, int minor, VersionChange change) {
        caller.require(Role.PLATFORM_ADMIN);
        TemplateVersion v = version(caller, type, templateName, major, minor);
        TemplateVersion.Status before = v.status;
        change.status().ifPresent(target -> changeStatus(v, target));
        if (before != v.status && v.status == TemplateVersion.Status.PUBLISHED) {
            published.fire(new Published(v));
        }
        change.description().ifPresent(d -> v.description = d.isBlank() ? null : d);
        if (type == TemplateType.SERVICE) {
            change.compatibleEnvironments().ifPresent(list -> {
                requireCompatibleEnvironments(list);
                v.compatibleEnvironmentTemplates = write(list);
            });
            change.supportedComponentSources().ifPresent(list -> v.supportedComponentSources = write(list));
        }
        v.lastModifiedAt = Instant.now();
        audit.record(caller, "Update" + kind(type) + "TemplateVersion", templateName + ":" + v.version(),
                change.status().map(s -> "status=" + s).orElse(null));
        return v;
    }

    /** Whether every MAJOR_VERSION upgrade of what runs the template waits for an approver. */
    public Template requireApprovalForMajors(Caller caller, TemplateType type, String name, boolean required) {
        caller.require(Role.PLATFORM_ADMIN);
        Template t = template(caller, type, name);
        t.majorsNeedApproval = required;
        t.lastModifiedAt = Instant.now();
        audit.record(caller, "SetTemplateApproval", name, required ? "major upgrades need approval" : "major upgrades need no approval");
        return t;
    }

    /**
     * Deprecates a published version (Proton #17), or offers it again: a deprecated version is no longer offered to new
     * deployments, recommended or upgraded to, and keeps running what runs on it (redeploys and rollbacks too).
     */
    public TemplateVersion deprecateVersion(Caller caller, TemplateType type, String templateName, int major, int minor, boolean deprecate) {
        caller.require(Role.PLATFORM_ADMIN);
        TemplateVersion v = version(caller, type, templateName, major, minor);
        if (!v.published()) {
            throw new ValidationException("Template version " + templateName + ":" + v.version() + " is " + v.status
                    + "; only a published version can be deprecated");
        }
        if (deprecate == v.deprecated()) {
            return v;
        }
        v.deprecatedAt = deprecate ? Instant.now() : null;
        v.deprecatedBy = deprecate ? caller.username() : null;
        v.lastModifiedAt = Instant.now();
        if (!deprecate) {
            // offered again, it may be the recommended version once more: tell whoever announces that
            published.fire(new Published(v));
        }
        audit.record(caller, (deprecate ? "Deprecate" : "Undeprecate") + kind(type) + "TemplateVersion", templateName + ":" + v.version(), null);
        return v;
    }

    public TemplateVersion deleteVersion(Caller caller, TemplateType type, String templateName, int major, int minor) {
        caller.require(Role.PLATFORM_ADMIN);
        TemplateVersion v = version(caller, type, templateName, major, minor);
        String name = templateName + ":" + v.version();
        if (v.status == TemplateVersion.Status.REGISTRATION_IN_PROGRESS) {
            throw new ConflictException("Template version " + name + " is still being registered");
        }
        long inUse = usages.stream().mapToLong(u -> u.countUsing(type, templateName, major, minor)).sum();
        if (inUse > 0) {
            throw new ConflictException("Template version " + name + " is used by " + inUse + " resource(s)");
        }
        holds.stream().flatMap(h -> h.holding(type, templateName, major, minor).stream()).findFirst().ifPresent(why -> {
            throw new ConflictException("Template version " + name + " cannot be deleted: " + why);
        });
        if (v.status == TemplateVersion.Status.PUBLISHED) {
            long othersInMajor = TemplateVersion.count("template = ?1 and majorVersion = ?2 and id <> ?3", v.template, major, v.id);
            long others = TemplateVersion.count("template = ?1 and id <> ?2", v.template, v.id);
            boolean recommendedOverall = recommendedVersion(v.template).map(r -> r.id.equals(v.id)).orElse(false);
            boolean recommendedInMajor = recommendedMinor(v).map(m -> m == minor).orElse(false);
            if (recommendedOverall && others > 0) {
                throw new ConflictException("Template version " + name + " is the recommended version; delete the other versions first");
            }
            if (recommendedInMajor && othersInMajor > 0) {
                throw new ConflictException("Template version " + name + " is the recommended minor version of major version "
                        + major + "; delete the other minor versions first");
            }
        }
        TemplateFile.delete("versionId", v.id);
        tags.untagAll(arn(v));
        v.delete();
        audit.record(caller, "Delete" + kind(type) + "TemplateVersion", name, null);
        return v;
    }

    /**
     * A registered version's bundle, validated: its manifests, input schemas and files. Bundles never change once
     * registered, so the result is cached by version id.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ValidatedBundle bundle(TemplateVersion v) {
        if (v.status != TemplateVersion.Status.DRAFT && v.status != TemplateVersion.Status.PUBLISHED) {
            throw new ValidationException("Template version " + v.template.name + ":" + v.version() + " is " + v.status);
        }
        synchronized (validatedBundles) {
            ValidatedBundle cached = validatedBundles.get(v.id);
            if (cached != null) {
                return cached;
            }
        }
        byte[] archive = TemplateVersion.<TemplateVersion>findById(v.id).bundle;
        ValidatedBundle bundle = BundleValidator.validate(BundleArchive.read(new java.io.ByteArrayInputStream(archive), registrar.quotas()),
                v.template.type, v.template.customerManaged());
        synchronized (validatedBundles) {
            validatedBundles.put(v.id, bundle);
        }
        return bundle;
    }

    /**
     * A registered version's input types as JSON Schemas, read from its stored schema.yaml rather than its bundle;
     * the pipeline's only when the version provisions a pipeline.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public BundleValidator.InputSchemas inputSchemas(TemplateVersion v) {
        if (v.schema == null) {
            throw new ValidationException("Template version " + v.template.name + ":" + v.version() + " is " + v.status);
        }
        return BundleValidator.inputSchemas(v.schema, v.template.type, v.pipelineEngine != null);
    }

    /** Files of a registered version's bundle, by path. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, byte[]> files(TemplateVersion v) {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        TemplateFile.<TemplateFile>list("versionId", v.id).forEach(f -> files.put(f.path, f.content));
        return files;
    }

    public List<CompatibleEnvironment> compatibleEnvironments(TemplateVersion v) {
        return read(v.compatibleEnvironmentTemplates, new TypeReference<List<CompatibleEnvironment>>() {});
    }

    public List<String> supportedComponentSources(TemplateVersion v) {
        return read(v.supportedComponentSources, new TypeReference<List<String>>() {});
    }

    /**
     * Registrations cut off by a crash or restart never finish by themselves; say so rather than leave them pending.
     * Template sync finishes its own (those with a source tree) in its next round.
     */
    public int failInterruptedRegistrations(Duration olderThan) {
        return (int) TemplateVersion.update("status = ?1, statusMessage = ?2, lastModifiedAt = ?3 where status = ?4 and lastModifiedAt < ?5"
                + " and sourceTree is null",
                TemplateVersion.Status.REGISTRATION_FAILED, "Registration was interrupted by a restart of Pave; create the version again",
                Instant.now(), TemplateVersion.Status.REGISTRATION_IN_PROGRESS, Instant.now().minus(olderThan));
    }

    /**
     * Fails the registrations template sync started for {@code template} (of one major version, or all when null)
     * that a restart cut off and that will not be finished: their sync was deleted, or a newer commit superseded them.
     */
    public int failUnfinishedSyncRegistrations(Template template, Integer major, String reason) {
        String which = "template = ?4 and status = ?5 and sourceTree is not null";
        return (int) (major == null
                ? TemplateVersion.update("status = ?1, statusMessage = ?2, lastModifiedAt = ?3 where " + which,
                        TemplateVersion.Status.REGISTRATION_FAILED, reason, Instant.now(), template, TemplateVersion.Status.REGISTRATION_IN_PROGRESS)
                : TemplateVersion.update("status = ?1, statusMessage = ?2, lastModifiedAt = ?3 where " + which + " and majorVersion = ?6",
                        TemplateVersion.Status.REGISTRATION_FAILED, reason, Instant.now(), template, TemplateVersion.Status.REGISTRATION_IN_PROGRESS, major));
    }

    public String arn(Template t) {
        return arns.of(resourceType(t.type), t.name);
    }

    public String arn(TemplateVersion v) {
        return arns.of(resourceType(v.template.type), v.template.name) + ":" + v.version();
    }

    // --- rules -------------------------------------------------------------------------------------------

    private void changeStatus(TemplateVersion v, TemplateVersion.Status target) {
        if (target == v.status) {
            return;
        }
        if (v.status == TemplateVersion.Status.DRAFT && target == TemplateVersion.Status.PUBLISHED) {
            v.status = target;
            v.publishedAt = Instant.now();
            return;
        }
        throw new ValidationException("Template version " + v.template.name + ":" + v.version() + " is " + v.status
                + "; only a DRAFT version can be changed, and only to PUBLISHED");
    }

    private void requireCompatibleEnvironments(List<CompatibleEnvironment> list) {
        if (list == null || list.isEmpty()) {
            throw new ValidationException("compatibleEnvironmentTemplates must name at least one environment template");
        }
        for (CompatibleEnvironment c : list) {
            Template env = Template.find(TemplateType.ENVIRONMENT, c.templateName()).orElseThrow(() -> new ValidationException(
                    "compatibleEnvironmentTemplates: environment template " + c.templateName() + " does not exist"));
            long registered = TemplateVersion.count("template = ?1 and majorVersion = ?2 and status in ?3", env, c.majorVersion(),
                    List.of(TemplateVersion.Status.DRAFT, TemplateVersion.Status.PUBLISHED));
            if (registered == 0) {
                throw new ValidationException("compatibleEnvironmentTemplates: environment template " + c.templateName()
                        + " has no registered major version " + c.majorVersion());
            }
        }
    }

    static String label(TemplateType type) {
        return type == TemplateType.ENVIRONMENT ? "environment" : "service";
    }

    static String kind(TemplateType type) {
        return type == TemplateType.ENVIRONMENT ? "Environment" : "Service";
    }

    static String resourceType(TemplateType type) {
        return type == TemplateType.ENVIRONMENT ? "environment-template" : "service-template";
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> List<T> read(String json, TypeReference<List<T>> type) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
