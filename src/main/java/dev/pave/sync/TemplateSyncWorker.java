package dev.pave.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.error.PaveException;
import dev.pave.identity.Caller;
import dev.pave.identity.Door;
import dev.pave.identity.Role;
import dev.pave.repository.GitMirror;
import dev.pave.repository.RepositoryService;
import dev.pave.template.BundleSource;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.template.bundle.BundleException;
import dev.pave.template.bundle.SafeYaml;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jboss.logging.Logger;

/**
 * One template sync round, run by one replica at a time ({@link SyncTrigger}): for every config whose branch head
 * moved, fetch the commit and, per {@code v<N>} folder, register a new minor of major N when the folder's Git tree
 * differs from the one the newest version of N was made from (a new folder makes a new major).
 * <p>
 * A round is safe to cut off anywhere: the branch head is recorded only after every folder is handled, a folder whose
 * tree already made a version is skipped (so nothing is registered twice), and a registration a restart interrupted
 * (its version still REGISTRATION_IN_PROGRESS with that tree) is finished by the next round rather than started again.
 */
@ApplicationScoped
public class TemplateSyncWorker {

    private static final Logger LOG = Logger.getLogger(TemplateSyncWorker.class);
    private static final Pattern MAJOR_FOLDER = Pattern.compile("v([1-9][0-9]{0,5})");
    /** A compatible environment as the registration file names it: {@code <environment template>:<major version>}. */
    private static final Pattern COMPATIBLE_ENTRY = Pattern.compile("([^:\\s]+):([0-9]+)");
    /** Proton's registration file, and the older file it replaced; both stay out of the bundle. */
    private static final String REGISTRATION = ".template-registration.yaml";
    private static final String LEGACY_COMPATIBLE = ".compatible-envs";
    private static final Caller SYNC = new Caller("template-sync", Set.of(Role.PLATFORM_ADMIN), Door.SYSTEM);

    @Inject
    GitMirror mirror;

    @Inject
    RepositoryService repositories;

    @Inject
    TemplateService templates;

    private record Work(long configId, TemplateType type, String template, String provider, String repository, String branch,
            String subdirectory, String lastSyncedSha, boolean autoPublish) {
    }

    /** Every config once, or those of the given repositories ("PROVIDER/name"); one failing config never stops the others. */
    @ActivateRequestContext
    public void round(Set<String> onlyRepositories) {
        List<Work> work = QuarkusTransaction.requiringNew().call(() -> TemplateSyncConfig.<TemplateSyncConfig>listAll(Sort.by("id")).stream()
                .filter(c -> onlyRepositories == null || onlyRepositories.contains(c.repositoryProvider + "/" + c.repositoryName))
                .map(c -> new Work(c.id, c.template.type, c.template.name, c.repositoryProvider, c.repositoryName, c.branch, c.subdirectory,
                        c.lastSyncedSha, c.autoPublish))
                .toList());
        Map<String, Optional<String>> heads = new HashMap<>(); // one ref lookup per branch per round, however many templates follow it
        for (Work w : work) {
            try {
                RepositoryService.Access access = QuarkusTransaction.requiringNew().call(() -> repositories.access(w.provider(), w.repository()));
                Optional<String> head = heads.computeIfAbsent(w.provider() + "/" + w.repository() + "@" + w.branch(),
                        key -> mirror.head(access, w.branch()));
                if (head.isEmpty()) {
                    repositoryAttempt(w, "", RepositorySyncAttempt.Status.FAILED, "Branch " + w.branch() + " does not exist");
                } else if (!head.get().equals(w.lastSyncedSha())) {
                    sync(w, access);
                }
            } catch (RuntimeException e) {
                String message = e instanceof GitMirror.GitException ? e.getMessage() : "Template sync failed inside Pave: " + e.getClass().getSimpleName();
                if (!(e instanceof GitMirror.GitException)) {
                    LOG.errorf(e, "template sync of %s failed", w.template());
                }
                repositoryAttempt(w, "", RepositorySyncAttempt.Status.FAILED, message);
            }
        }
    }

    private void sync(Work w, RepositoryService.Access access) {
        try (GitMirror.Snapshot commit = mirror.fetch(w.provider(), w.repository(), access, w.branch())) {
            Long attemptId = repositoryAttempt(w, commit.commit(), RepositorySyncAttempt.Status.IN_PROGRESS,
                    "Fetched " + SyncEvent.shortSha(commit.commit()) + " " + commit.subject());
            Optional<String> base = baseFolder(commit, w);
            List<Integer> majors = base.map(b -> commit.subfolders(b).stream().map(MAJOR_FOLDER::matcher).filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1))).sorted().toList()).orElse(List.of());
            boolean failed = false;
            for (int major : majors) {
                failed |= !syncMajor(w, commit, base.get() + "/v" + major, major);
            }
            String outcome = majors.isEmpty() ? "No v<N> folder for template " + w.template() + " under " + base.orElse(w.template())
                    : failed ? "Some versions of " + w.template() + " failed to sync" : "Synced " + w.template();
            RepositorySyncAttempt.Status status = failed || majors.isEmpty() ? RepositorySyncAttempt.Status.FAILED : RepositorySyncAttempt.Status.SUCCEEDED;
            QuarkusTransaction.requiringNew().run(() -> {
                RepositorySyncAttempt attempt = RepositorySyncAttempt.findById(attemptId);
                attempt.status = status;
                attempt.add(SyncEvent.now(status.name(), outcome, commit.commit()));
                TemplateSyncConfig.<TemplateSyncConfig>findByIdOptional(w.configId()).ifPresent(c -> c.lastSyncedSha = commit.commit());
            });
        }
    }

    /**
     * Registers major N's folder unless its tree already made the newest version of N; answers false when the
     * version failed. The folder is Proton's {@code <subdirectory>/<template>/v<N>}, or {@code <subdirectory>/v<N>}
     * when the subdirectory is the template's own folder (as seed 001 passes it).
     */
    private boolean syncMajor(Work w, GitMirror.Snapshot commit, String directory, int major) {
        String tree = commit.folder(directory).orElseThrow();
        record Newest(Long id, int minor, String tree, TemplateVersion.Status status, String lastSha) {
        }
        Newest newest = QuarkusTransaction.requiringNew().call(() -> {
            Optional<TemplateVersion> v = TemplateVersion.<TemplateVersion>find("template.type = ?1 and template.name = ?2 and majorVersion = ?3",
                    Sort.descending("minorVersion"), w.type(), w.template(), major).firstResultOptional();
            String lastSha = TemplateSyncAttempt.<TemplateSyncAttempt>find("template.type = ?1 and template.name = ?2 and majorVersion = ?3 and status = ?4",
                    Sort.descending("id"), w.type(), w.template(), major, ResourceSyncAttempt.Status.SUCCEEDED).firstResultOptional()
                    .map(a -> a.targetSha).orElse(null);
            return v.map(x -> new Newest(x.id, x.minorVersion, x.sourceTree, x.status, lastSha)).orElse(new Newest(null, 0, null, null, lastSha));
        });
        boolean resume = tree.equals(newest.tree()) && newest.status() == TemplateVersion.Status.REGISTRATION_IN_PROGRESS;
        if (tree.equals(newest.tree()) && !resume) {
            if (w.autoPublish() && newest.status() == TemplateVersion.Status.DRAFT) {
                publish(w, major, newest.minor()); // registered, then cut off before it was published
            }
            return true; // unchanged since it made the newest version of this major
        }
        Long attemptId = QuarkusTransaction.requiringNew().call(() -> {
            // an attempt a restart cut off is closed here, as this one takes its place
            TemplateSyncAttempt.update("status = ?1 where template.id = (select t.id from Template t where t.type = ?2 and t.name = ?3)"
                    + " and majorVersion = ?4 and status in ?5", ResourceSyncAttempt.Status.FAILED, w.type(), w.template(), major,
                    List.of(ResourceSyncAttempt.Status.INITIATED, ResourceSyncAttempt.Status.IN_PROGRESS));
            TemplateSyncAttempt a = new TemplateSyncAttempt();
            a.template = templates.template(SYNC, w.type(), w.template());
            if (!resume && newest.status() == TemplateVersion.Status.REGISTRATION_IN_PROGRESS) {
                // cut off by a restart, and its folder has changed since: this commit's version replaces it
                templates.failUnfinishedSyncRegistrations(a.template, major, "Registration was interrupted by a restart of Pave; commit "
                        + SyncEvent.shortSha(commit.commit()) + " changed the folder since, and its version replaces this one");
            }
            a.majorVersion = major;
            a.status = ResourceSyncAttempt.Status.IN_PROGRESS;
            a.repositoryProvider = w.provider();
            a.repositoryName = w.repository();
            a.branch = w.branch();
            a.directory = directory;
            a.initialSha = newest.lastSha();
            a.targetSha = commit.commit();
            a.startedAt = Instant.now();
            a.add(SyncEvent.now("STARTED", (resume ? "Resuming" : "Syncing") + " " + directory + " at " + SyncEvent.shortSha(commit.commit()) + " "
                    + commit.subject(), commit.commit()));
            a.persist();
            return a.id;
        });
        TemplateVersion version;
        String failure = null;
        try {
            Map<String, byte[]> files = commit.files(directory);
            Registration registration = registration(files, w.type());
            BundleSource.Git source = new BundleSource.Git(w.provider() + "/" + w.repository(), commit.commit(), directory, tree, zip(files));
            version = resume ? templates.finishRegistration(SYNC, w.type(), w.template(), newest.id(), source)
                    : templates.createVersion(SYNC, w.type(), w.template(), new TemplateService.NewVersion(major,
                            "Synced from " + w.provider() + "/" + w.repository() + " at " + SyncEvent.shortSha(commit.commit()), source,
                            registration.compatibleEnvironments(), registration.componentSources()), Map.of());
            if (version.status == TemplateVersion.Status.REGISTRATION_FAILED) {
                failure = version.version() + " failed registration at commit " + SyncEvent.shortSha(commit.commit()) + ": " + version.statusMessage;
            } else if (w.autoPublish() && version.status == TemplateVersion.Status.DRAFT) {
                version = publish(w, major, version.minorVersion);
            }
        } catch (PaveException | GitMirror.GitException e) {
            version = null;
            failure = directory + " at commit " + SyncEvent.shortSha(commit.commit()) + ": " + e.getMessage();
        }
        Long versionId = version == null ? null : version.id;
        String done = failure;
        String registered = version == null ? null : "Registered " + w.template() + " " + version.version() + " as " + version.status;
        QuarkusTransaction.requiringNew().run(() -> {
            TemplateSyncAttempt a = TemplateSyncAttempt.findById(attemptId);
            a.versionId = versionId;
            a.status = done == null ? ResourceSyncAttempt.Status.SUCCEEDED : ResourceSyncAttempt.Status.FAILED;
            a.add(done == null ? SyncEvent.now("SUCCEEDED", registered, commit.commit()) : SyncEvent.now("FAILED", done, commit.commit()));
        });
        return done == null;
    }

    /** The config's option: a synced version is published at once, as the seed's "merge is the release" flow has it. */
    private TemplateVersion publish(Work w, int major, int minor) {
        return templates.updateVersion(SYNC, w.type(), w.template(), major, minor, new TemplateService.VersionChange(Optional.empty(),
                Optional.of(TemplateVersion.Status.PUBLISHED), Optional.empty(), Optional.empty()));
    }

    /** What a service version declares beside its bundle: compatible environments and component sources. */
    private record Registration(List<TemplateService.CompatibleEnvironment> compatibleEnvironments, List<String> componentSources) {
    }

    private static Registration registration(Map<String, byte[]> files, TemplateType type) {
        byte[] yaml = files.remove(REGISTRATION);
        byte[] legacy = files.remove(LEGACY_COMPATIBLE);
        if (type != TemplateType.SERVICE) {
            return new Registration(List.of(), null);
        }
        List<String> compatible = new ArrayList<>();
        List<String> sources = null;
        if (yaml != null) {
            JsonNode root = SafeYaml.parse(REGISTRATION, yaml);
            root.path("compatible_environments").forEach(n -> compatible.add(n.asText()));
            if (root.has("supported_component_sources")) {
                sources = new ArrayList<>();
                for (JsonNode n : root.get("supported_component_sources")) {
                    sources.add(n.asText());
                }
            }
        } else if (legacy != null) {
            new String(legacy, StandardCharsets.UTF_8).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(compatible::add);
        }
        List<TemplateService.CompatibleEnvironment> environments = new ArrayList<>();
        for (String entry : compatible) {
            Matcher m = COMPATIBLE_ENTRY.matcher(entry);
            if (!m.matches()) {
                throw new BundleException(REGISTRATION + ": compatible environment \"" + entry + "\" must read <environment template>:<major version>");
            }
            environments.add(new TemplateService.CompatibleEnvironment(m.group(1), Integer.parseInt(m.group(2))));
        }
        return new Registration(environments, sources);
    }

    /** Where a config's {@code v<N>} folders are in a commit, if anywhere. */
    private static Optional<String> baseFolder(GitMirror.Snapshot commit, Work w) {
        String nested = w.subdirectory() == null ? w.template() : w.subdirectory() + "/" + w.template();
        if (commit.folder(nested).isPresent()) {
            return Optional.of(nested);
        }
        if (w.subdirectory() != null && w.subdirectory().replaceAll(".*/", "").equals(w.template()) && commit.folder(w.subdirectory()).isPresent()) {
            return Optional.of(w.subdirectory());
        }
        return Optional.empty();
    }

    /** Major N's folder as a config names it before a commit was read (for a status with no attempt yet). */
    static String majorFolder(TemplateSyncConfig c, int major) {
        return (c.subdirectory == null ? c.template.name : c.subdirectory + "/" + c.template.name) + "/v" + major;
    }

    private static Long repositoryAttempt(Work w, String sha, RepositorySyncAttempt.Status status, String event) {
        return RepositorySyncAttempt.record(w.provider(), w.repository(), w.branch(), RepositorySyncAttempt.SyncType.TEMPLATE_SYNC, sha, status, event);
    }

    private static byte[] zip(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : new LinkedHashMap<>(files).entrySet().stream()
                    .sorted(Comparator.comparing(Map.Entry::getKey)).toList()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
