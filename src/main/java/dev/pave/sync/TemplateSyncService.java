package dev.pave.sync;

import dev.pave.error.ConflictException;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ValidationException;
import dev.pave.identity.AuditLog;
import dev.pave.identity.Caller;
import dev.pave.identity.Role;
import dev.pave.repository.RepositoryService;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Template sync configs and what their syncs did (Proton's CreateTemplateSyncConfig … GetTemplateSyncStatus). The
 * syncs themselves are {@link TemplateSyncWorker}'s; a new or changed config asks for a round at once.
 */
@ApplicationScoped
@Transactional
public class TemplateSyncService {

    /** What a template syncs from, and whether its versions are published at once (empty keeps the setting, as the API does). */
    public record Source(String repositoryProvider, String repositoryName, String branch, Optional<String> subdirectory,
            Optional<Boolean> autoPublish) {
    }

    /** A template's sync state for one major version: the revision it follows, its last attempt and its last success. */
    public record Status(Revision desiredState, Optional<TemplateSyncAttempt> latestSync, Optional<TemplateSyncAttempt> latestSuccessfulSync) {
    }

    /** A commit of a folder of a branch (Proton's Revision); sha is empty until the branch was first read. */
    public record Revision(String repositoryProvider, String repositoryName, String branch, String directory, String sha) {
    }

    /** One template synced from a repository (Proton's RepositorySyncDefinition). */
    public record Definition(String parent, String target, String branch, String directory) {
    }

    /** What a template's page shows: where it syncs from and, per major version, how its last sync went. */
    public record Overview(TemplateSyncConfig config, List<MajorSync> majors) {
    }

    /** The last sync of one major version: its status, commit, the version it made (if any) and its last event. */
    public record MajorSync(int major, ResourceSyncAttempt.Status status, String commit, String version, Instant startedAt, String lastEvent) {
    }

    @Inject
    TemplateService templates;

    @Inject
    RepositoryService repositories;

    @Inject
    AuditLog audit;

    @Inject
    Event<SyncTrigger.Changed> changed;

    public TemplateSyncConfig create(Caller caller, TemplateType type, String templateName, Source source) {
        caller.require(Role.PLATFORM_ADMIN);
        Template template = templates.template(caller, type, templateName);
        if (TemplateSyncConfig.of(template).isPresent()) {
            throw new ConflictException("Template " + templateName + " already has a template sync config; update or delete it");
        }
        TemplateSyncConfig c = new TemplateSyncConfig();
        c.template = template;
        c.createdAt = Instant.now();
        apply(c, source);
        c.persist();
        audit.record(caller, "CreateTemplateSyncConfig", templateName, describe(c));
        changed.fire(new SyncTrigger.Changed());
        return c;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public TemplateSyncConfig config(Caller caller, TemplateType type, String templateName) {
        Template template = templates.template(caller, type, templateName);
        return TemplateSyncConfig.of(template).orElseThrow(() -> new ResourceNotFoundException(
                "Template " + templateName + " has no template sync config"));
    }

    public TemplateSyncConfig update(Caller caller, TemplateType type, String templateName, Source source) {
        caller.require(Role.PLATFORM_ADMIN);
        TemplateSyncConfig c = config(caller, type, templateName);
        apply(c, source);
        c.lastSyncedSha = null; // a different branch or folder is read afresh
        audit.record(caller, "UpdateTemplateSyncConfig", templateName, describe(c));
        changed.fire(new SyncTrigger.Changed());
        return c;
    }

    /** Stops syncing; the versions already made stay, and a registration a restart cut off is failed rather than left pending. */
    public TemplateSyncConfig delete(Caller caller, TemplateType type, String templateName) {
        caller.require(Role.PLATFORM_ADMIN);
        TemplateSyncConfig c = config(caller, type, templateName);
        templates.failUnfinishedSyncRegistrations(c.template, null, "Template sync was deleted before this registration finished");
        c.delete();
        audit.record(caller, "DeleteTemplateSyncConfig", templateName, describe(c));
        return c;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Status status(Caller caller, TemplateType type, String templateName, int major) {
        TemplateSyncConfig c = config(caller, type, templateName);
        Optional<TemplateSyncAttempt> latest = TemplateSyncAttempt.<TemplateSyncAttempt>find("template = ?1 and majorVersion = ?2",
                Sort.descending("id"), c.template, major).firstResultOptional();
        Optional<TemplateSyncAttempt> succeeded = TemplateSyncAttempt.<TemplateSyncAttempt>find("template = ?1 and majorVersion = ?2 and status = ?3",
                Sort.descending("id"), c.template, major, ResourceSyncAttempt.Status.SUCCEEDED).firstResultOptional();
        String directory = latest.map(a -> a.directory).orElse(TemplateSyncWorker.majorFolder(c, major));
        return new Status(new Revision(c.repositoryProvider, c.repositoryName, c.branch, directory,
                Optional.ofNullable(c.lastSyncedSha).orElse("")), latest, succeeded);
    }

    /** The template's sync, if it has one, with the last attempt of each major version it synced. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Overview> overview(Caller caller, TemplateType type, String templateName) {
        Template template = templates.template(caller, type, templateName);
        return TemplateSyncConfig.of(template).map(c -> {
            List<TemplateSyncAttempt> latest = TemplateSyncAttempt.<TemplateSyncAttempt>find("""
                    template = ?1 and id in (select max(b.id) from TemplateSyncAttempt b where b.template = ?1 group by b.majorVersion)
                    order by majorVersion desc""", template).list();
            List<MajorSync> majors = latest.stream().map(a -> {
                String version = a.versionId == null ? null
                        : TemplateVersion.<TemplateVersion>findByIdOptional(a.versionId).map(TemplateVersion::version).orElse(null);
                List<SyncEvent> events = a.eventList();
                return new MajorSync(a.majorVersion, a.status, a.targetSha.substring(0, Math.min(7, a.targetSha.length())), version,
                        a.startedAt, events.isEmpty() ? null : events.get(events.size() - 1).event());
            }).toList();
            return new Overview(c, majors);
        });
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<RepositorySyncAttempt> repositoryStatus(Caller caller, String provider, String name, String branch,
            RepositorySyncAttempt.SyncType syncType) {
        repositories.repository(caller, provider, name);
        return RepositorySyncAttempt.<RepositorySyncAttempt>find("repositoryProvider = ?1 and repositoryName = ?2 and branch = ?3 and syncType = ?4",
                Sort.descending("id"), provider, name, branch, syncType).firstResultOptional();
    }

    /** The latest looks at the repository's branches, by either kind of sync, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<RepositorySyncAttempt> attempts(Caller caller, String provider, String name, int limit) {
        repositories.repository(caller, provider, name);
        return RepositorySyncAttempt.<RepositorySyncAttempt>find("repositoryProvider = ?1 and repositoryName = ?2", Sort.descending("id"),
                provider, name).page(0, limit).list();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Definition> definitions(Caller caller, String provider, String name, RepositorySyncAttempt.SyncType syncType) {
        repositories.repository(caller, provider, name);
        if (syncType == RepositorySyncAttempt.SyncType.SERVICE_SYNC) {
            return ServiceSyncConfig.<ServiceSyncConfig>find("repositoryProvider = ?1 and repositoryName = ?2", Sort.by("id"), provider, name)
                    .stream().map(c -> new Definition(provider + "/" + name, c.service.name, c.branch, c.filePath)).toList();
        }
        return TemplateSyncConfig.<TemplateSyncConfig>find("repositoryProvider = ?1 and repositoryName = ?2", Sort.by("id"), provider, name)
                .stream().map(c -> new Definition(provider + "/" + name, c.template.name, c.branch, Optional.ofNullable(c.subdirectory).orElse("")))
                .toList();
    }

    private static void apply(TemplateSyncConfig c, Source source) {
        SyncPaths.requireLinked(source.repositoryProvider(), source.repositoryName());
        String subdirectory = source.subdirectory().map(s -> SyncPaths.inRepository(s).orElseThrow(() -> new ValidationException(
                ValidationException.Problem.about("subdirectory",
                        "subdirectory must be a folder path inside the repository, like templates/envs, without . or .. parts"))))
                .filter(s -> !s.isEmpty()).orElse(null);
        SyncPaths.requireBranch(source.branch());
        c.repositoryProvider = source.repositoryProvider();
        c.repositoryName = source.repositoryName();
        c.branch = source.branch();
        c.subdirectory = subdirectory;
        source.autoPublish().ifPresent(publish -> c.autoPublish = publish);
        c.lastModifiedAt = Instant.now();
    }

    private static String describe(TemplateSyncConfig c) {
        return c.repositoryProvider + "/" + c.repositoryName + "@" + c.branch + (c.subdirectory == null ? "" : ":" + c.subdirectory)
                + (c.autoPublish ? ", published at once" : "");
    }
}
