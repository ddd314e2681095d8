package dev.pave.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.deploy.Deployment;
import dev.pave.error.ConflictException;
import dev.pave.error.PaveException;
import dev.pave.identity.Caller;
import dev.pave.identity.Door;
import dev.pave.identity.Role;
import dev.pave.repository.GitMirror;
import dev.pave.repository.RepositoryService;
import dev.pave.schema.Spec;
import dev.pave.service.ServiceService;
import dev.pave.template.bundle.BundleException;
import dev.pave.template.bundle.SafeYaml;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One service sync round, run with the template sync round ({@link SyncTrigger}): for every service whose ops branch
 * or spec branches moved, read its proton-ops file and, for each instance it lists, the instance's entry in its spec
 * file; create the instance or update it when its entry asks for something it does not run yet, and the pipeline
 * from the spec's {@code pipeline} section. Instances under an active blocker (and every instance of a service under
 * one) are skipped.
 * <p>
 * Applying an entry and recording its attempt is one transaction, and an entry already applied (the same digest) is
 * not applied again, so a round cut off anywhere is simply run again. An instance that cannot be changed yet (its own
 * deployment still running, the service busy) leaves the heads unrecorded, so the next round tries it again: newer
 * commits are batched into that try.
 */
@ApplicationScoped
public class ServiceSyncWorker {

    private static final Logger LOG = Logger.getLogger(ServiceSyncWorker.class);
    private static final Caller SYNC = new Caller("service-sync", Set.of(Role.DEVELOPER), Door.SYSTEM);

    @Inject
    GitMirror mirror;

    @Inject
    RepositoryService repositories;

    @Inject
    ServiceService services;

    @Inject
    ServiceSyncService syncs;

    private record Work(long configId, long serviceId, String service, String provider, String repository, String branch, String filePath,
            String lastSyncedHeads) {
    }

    /** Every config once, or those of the given repositories ("PROVIDER/name"); one failing config never stops the others. */
    @ActivateRequestContext
    public void round(Set<String> onlyRepositories) {
        settleLeftovers();
        List<Work> work = QuarkusTransaction.requiringNew().call(() -> ServiceSyncConfig.<ServiceSyncConfig>listAll(Sort.by("id")).stream()
                .filter(c -> onlyRepositories == null || onlyRepositories.contains(c.repositoryProvider + "/" + c.repositoryName))
                .map(c -> new Work(c.id, c.service.id, c.service.name, c.repositoryProvider, c.repositoryName, c.branch, c.filePath,
                        c.lastSyncedHeads))
                .toList());
        Map<String, Optional<String>> heads = new HashMap<>(); // one ref lookup per branch per round
        for (Work w : work) {
            try {
                RepositoryService.Access access = QuarkusTransaction.requiringNew().call(() -> repositories.access(w.provider(), w.repository()));
                Function<String, Optional<String>> head = branch -> heads.computeIfAbsent(w.provider() + "/" + w.repository() + "@" + branch,
                        key -> mirror.head(access, branch));
                if (head.apply(w.branch()).isEmpty()) {
                    repositoryAttempt(w, "", RepositorySyncAttempt.Status.FAILED, "Branch " + w.branch() + " does not exist");
                } else if (!unchanged(w, head)) {
                    sync(w, access, head);
                }
            } catch (RuntimeException e) {
                String message = e instanceof GitMirror.GitException ? e.getMessage() : "Service sync failed inside Pave: " + e.getClass().getSimpleName();
                if (!(e instanceof GitMirror.GitException)) {
                    LOG.errorf(e, "service sync of %s failed", w.service());
                }
                repositoryAttempt(w, "", RepositorySyncAttempt.Status.FAILED, message);
            }
        }
    }

    /** Whether every branch the last finished round read still points where it did. */
    private static boolean unchanged(Work w, Function<String, Optional<String>> head) {
        if (w.lastSyncedHeads() == null) {
            return false;
        }
        Map<String, String> last = readHeads(w.lastSyncedHeads());
        return last.containsKey(w.branch()) && last.entrySet().stream().allMatch(e -> head.apply(e.getKey()).orElse("").equals(e.getValue()));
    }

    private void sync(Work w, RepositoryService.Access access, Function<String, Optional<String>> head) {
        Map<String, GitMirror.Snapshot> branches = new TreeMap<>();
        Map<String, String> read = new TreeMap<>(); // branch -> the commit read, "" for a branch that does not exist
        try {
            GitMirror.Snapshot ops = open(w, access, w.branch(), branches);
            read.put(w.branch(), ops.commit());
            Long attemptId = repositoryAttempt(w, ops.commit(), RepositorySyncAttempt.Status.IN_PROGRESS,
                    "Fetched " + SyncEvent.shortSha(ops.commit()) + " " + ops.subject());
            Map<String, OpsFile.SpecFile> listed;
            try {
                byte[] file = ops.file(w.filePath()).orElseThrow(() -> new OpsFile.Invalid("proton-ops file " + w.filePath()
                        + " does not exist on branch " + w.branch()));
                listed = OpsFile.instances(w.filePath(), file, w.service());
            } catch (OpsFile.Invalid e) {
                RepositorySyncAttempt.finish(attemptId, RepositorySyncAttempt.Status.FAILED, e.getMessage() + " (commit " + SyncEvent.shortSha(ops.commit()) + ")");
                recordHeads(w, read, null, false); // the instances it listed before stay listed
                return;
            }
            try {
                syncListed(w, access, head, ops, listed, read, attemptId, branches);
            } catch (RuntimeException e) {
                // the attempt ends with the failure rather than staying IN_PROGRESS; the next round tries again
                if (!(e instanceof GitMirror.GitException)) {
                    LOG.errorf(e, "service sync of %s failed", w.service());
                }
                RepositorySyncAttempt.finish(attemptId, RepositorySyncAttempt.Status.FAILED, e instanceof GitMirror.GitException ? e.getMessage()
                        : "Service sync failed inside Pave: " + e.getClass().getSimpleName());
            }
        } finally {
            branches.values().forEach(GitMirror.Snapshot::close);
        }
    }

    /** Syncs each instance the proton-ops file lists, then the pipeline, and records what the round read. */
    private void syncListed(Work w, RepositoryService.Access access, Function<String, Optional<String>> head, GitMirror.Snapshot ops,
            Map<String, OpsFile.SpecFile> listed, Map<String, String> read, Long attemptId, Map<String, GitMirror.Snapshot> branches) {
        boolean serviceBlocked = QuarkusTransaction.requiringNew().call(() -> SyncBlocker.count(
                "service.id = ?1 and instanceName is null and status = ?2", w.serviceId(), SyncBlocker.Status.ACTIVE) > 0);
        boolean retry = false;
        int failed = 0;
        Map<String, SpecText> pipelines = new LinkedHashMap<>(); // by path, the spec files with a pipeline section
        for (Map.Entry<String, OpsFile.SpecFile> entry : listed.entrySet()) {
            String branch = entry.getValue().branch();
            Outcome outcome;
            if (head.apply(branch).isEmpty()) {
                read.put(branch, "");
                outcome = record(w, entry.getKey(), new Commit(branch, ops.commit(), ops.subject()), entry.getValue().path(), null,
                        Outcome.FAILED, "Branch " + branch + " does not exist; " + w.filePath() + " names it for " + entry.getKey(), null);
            } else {
                GitMirror.Snapshot spec = open(w, access, branch, branches);
                read.put(branch, spec.commit());
                outcome = syncTarget(w, spec, entry.getValue().path(), entry.getKey(), serviceBlocked, pipelines);
            }
            retry |= outcome == Outcome.LATER;
            failed += outcome == Outcome.FAILED ? 1 : 0;
        }
        if (!pipelines.isEmpty() && !serviceBlocked) {
            Outcome outcome = syncPipeline(w, pipelines);
            retry |= outcome == Outcome.LATER;
            failed += outcome == Outcome.FAILED ? 1 : 0;
        }
        recordHeads(w, read, List.copyOf(listed.keySet()), retry);
        String outcome = listed.isEmpty() ? w.filePath() + " lists no instances of service " + w.service()
                : failed > 0 ? failed + " of " + w.service() + "'s sync targets failed" : "Synced " + w.service();
        RepositorySyncAttempt.finish(attemptId, failed > 0 ? RepositorySyncAttempt.Status.FAILED : RepositorySyncAttempt.Status.SUCCEEDED, outcome);
    }

    private GitMirror.Snapshot open(Work w, RepositoryService.Access access, String branch, Map<String, GitMirror.Snapshot> branches) {
        GitMirror.Snapshot open = branches.get(branch);
        if (open == null) {
            open = mirror.fetch(w.provider(), w.repository(), access, branch);
            branches.put(branch, open);
        }
        return open;
    }

    private enum Outcome {
        DONE,
        FAILED,
        LATER
    }

    /** Syncs one instance from its entry in a spec file. */
    private Outcome syncTarget(Work w, GitMirror.Snapshot commit, String path, String instance, boolean serviceBlocked,
            Map<String, SpecText> pipelines) {
        String text;
        JsonNode entry;
        try {
            byte[] bytes = commit.file(path).orElseThrow(() -> new PaveProblem("Spec file " + path + " does not exist on branch "
                    + commit.branch() + " (or is not a regular file)"));
            try {
                text = SafeYaml.text(path, bytes);
            } catch (BundleException e) {
                throw new PaveProblem(e.getMessage());
            }
            ObjectNode document;
            try {
                document = Spec.parse(text, Spec.Kind.ServiceSpec);
            } catch (PaveException e) {
                throw new PaveProblem(path + ": " + e.getMessage());
            }
            if (document.hasNonNull("pipeline")) {
                pipelines.putIfAbsent(path, new SpecText(commit, text));
            }
            entry = instanceEntry(document, instance).orElseThrow(() -> new PaveProblem(path + " has no instance named " + instance
                    + " in spec.instances, where " + w.filePath() + " says it is"));
        } catch (PaveProblem | GitMirror.GitException e) {
            return record(w, instance, Commit.of(commit), path, null, Outcome.FAILED, e.getMessage(), null);
        }
        String digest = digest(entry);
        Optional<ServiceSyncAttempt> last = latest(w, instance);
        if (last.isPresent() && digest.equals(last.get().digest)) {
            return Outcome.DONE; // this entry was applied (or failed) already
        }
        Optional<SyncBlocker> blocker = QuarkusTransaction.requiringNew().call(() -> SyncBlocker.<SyncBlocker>find(
                "service.id = ?1 and status = ?2 and (instanceName is null or instanceName = ?3)", Sort.descending("createdAt"),
                w.serviceId(), SyncBlocker.Status.ACTIVE, instance).firstResultOptional());
        if (blocker.isPresent() && blocker.get().instanceName != null && !serviceBlocked && adopted(blocker.get(), w, instance, text, commit)) {
            blocker = Optional.empty(); // Git now asks for what runs: nothing is held back any more
        }
        if (blocker.isPresent() || serviceBlocked) {
            String why = blocker.map(b -> "Skipped: sync blocker " + b.id + " is active (" + b.createdReason + ")")
                    .orElse("Skipped: service " + w.service() + " has an active sync blocker");
            return record(w, instance, Commit.of(commit), path, null, Outcome.FAILED, why, null);
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Optional<String> deployment = services.syncInstance(SYNC, w.service(), instance, text);
                return record(w, instance, Commit.of(commit), path, digest, Outcome.DONE, deployment.map(d -> "Deployment " + d + " started")
                        .orElse(instance + " already runs this spec"), deployment.orElse(null));
            });
        } catch (ConflictException e) {
            return Outcome.LATER; // its deployment or the service is busy: the next round tries again
        } catch (PaveException e) {
            return record(w, instance, Commit.of(commit), path, null, Outcome.FAILED, path + ": " + e.getMessage(), null);
        }
    }

    /**
     * An instance blocked by a change made by hand, whose entry in Git now asks for exactly what it runs (its deployed
     * spec was adopted into Git, or someone wrote the same change there): Git and the instance agree again, so the
     * blocker is resolved, saying so. Answers whether it was.
     */
    private boolean adopted(SyncBlocker blocker, Work w, String instance, String text, GitMirror.Snapshot commit) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                if (!services.runsSpec(w.service(), instance, text)) {
                    return false;
                }
                syncs.resolve(SYNC, blocker.id, "Git now asks for the spec " + instance + " runs (" + commit.branch() + " at "
                        + SyncEvent.shortSha(commit.commit()) + ")");
                return true;
            });
        } catch (PaveException e) {
            return false; // Git's entry does not even validate: it certainly asks for something else
        }
    }

    /** The commit an attempt is about: the spec file's, or the proton-ops file's when the spec's branch is missing. */
    private record Commit(String branch, String sha, String subject) {
        static Commit of(GitMirror.Snapshot snapshot) {
            return new Commit(snapshot.branch(), snapshot.commit(), snapshot.subject());
        }
    }

    /** A spec file as read from a commit. */
    private record SpecText(GitMirror.Snapshot commit, String text) {
    }

    /** Syncs the pipeline from the spec files' {@code pipeline} section, which must be the same in each file that has one. */
    private Outcome syncPipeline(Work w, Map<String, SpecText> pipelines) {
        List<String> files = List.copyOf(pipelines.keySet());
        GitMirror.Snapshot commit = pipelines.get(files.get(0)).commit();
        String text = pipelines.get(files.get(0)).text();
        JsonNode pipeline = Spec.parse(text, Spec.Kind.ServiceSpec).get("pipeline");
        for (String other : files.subList(1, files.size())) {
            if (!pipeline.equals(Spec.parse(pipelines.get(other).text(), Spec.Kind.ServiceSpec).get("pipeline"))) {
                return record(w, null, Commit.of(commit), files.get(0), null, Outcome.FAILED, files.get(0) + " and " + other
                        + " give different pipeline sections: keep the pipeline in one spec file", null);
            }
        }
        String digest = digest(pipeline);
        Optional<ServiceSyncAttempt> last = latest(w, null);
        if (last.isPresent() && digest.equals(last.get().digest)) {
            return Outcome.DONE;
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Optional<String> deployment = services.syncPipeline(SYNC, w.service(), text);
                return record(w, null, Commit.of(commit), files.get(0), digest, Outcome.DONE, deployment.map(d -> "Deployment " + d + " started")
                        .orElse("The pipeline already runs this spec"), deployment.orElse(null));
            });
        } catch (ConflictException e) {
            return Outcome.LATER;
        } catch (PaveException e) {
            return record(w, null, Commit.of(commit), files.get(0), null, Outcome.FAILED, files.get(0) + ": " + e.getMessage(), null);
        }
    }

    /**
     * Writes an attempt (joining the caller's transaction, or in its own): IN_PROGRESS when it started a deployment,
     * SUCCEEDED when nothing needed deploying, FAILED with the message. A null digest marks an entry not applied
     * (skipped, unreadable or refused), so it is tried again by the next round that runs; that round writes no
     * second row when it fails the same way at the same commit.
     */
    private Outcome record(Work w, String instance, Commit commit, String path, String digest, Outcome outcome, String event,
            String deploymentId) {
        Optional<ServiceSyncAttempt> last = digest == null ? latest(w, instance) : Optional.empty();
        if (last.isPresent() && last.get().digest == null && last.get().targetSha.equals(commit.sha())
                && last.get().eventList().get(last.get().eventList().size() - 1).event().equals(event)) {
            return outcome;
        }
        QuarkusTransaction.joiningExisting().run(() -> {
            ServiceSyncAttempt a = new ServiceSyncAttempt();
            a.service = dev.pave.service.Service.findById(w.serviceId());
            a.instanceName = instance;
            a.repositoryProvider = w.provider();
            a.repositoryName = w.repository();
            a.branch = commit.branch();
            a.directory = path;
            a.initialSha = ServiceSyncAttempt.<ServiceSyncAttempt>find("service.id = ?1 and " + (instance == null ? "instanceName is null" : "instanceName = ?3")
                    + " and status = ?2", Sort.descending("id"), instance == null ? new Object[] {w.serviceId(), ResourceSyncAttempt.Status.SUCCEEDED}
                            : new Object[] {w.serviceId(), ResourceSyncAttempt.Status.SUCCEEDED, instance})
                    .firstResultOptional().map(s -> s.targetSha).orElse(null);
            a.targetSha = commit.sha();
            a.digest = digest;
            a.deploymentId = deploymentId;
            a.startedAt = Instant.now();
            a.status = outcome == Outcome.FAILED ? ResourceSyncAttempt.Status.FAILED
                    : deploymentId != null ? ResourceSyncAttempt.Status.IN_PROGRESS : ResourceSyncAttempt.Status.SUCCEEDED;
            a.add(SyncEvent.now("STARTED", "Syncing " + a.target() + " from " + path + " at " + SyncEvent.shortSha(commit.sha()) + " "
                    + commit.subject(), commit.sha()));
            a.add(SyncEvent.now(a.status.name(), event, deploymentId));
            a.persist();
        });
        return outcome;
    }

    private static Optional<ServiceSyncAttempt> latest(Work w, String instance) {
        return QuarkusTransaction.requiringNew().call(() -> ServiceSyncAttempt.<ServiceSyncAttempt>find("service.id = ?1 and "
                + (instance == null ? "instanceName is null" : "instanceName = ?2"), Sort.descending("id"),
                instance == null ? new Object[] {w.serviceId()} : new Object[] {w.serviceId(), instance}).firstResultOptional());
    }

    private static void recordHeads(Work w, Map<String, String> read, List<String> listed, boolean retry) {
        StringBuilder heads = new StringBuilder();
        read.forEach((branch, sha) -> heads.append(branch).append('=').append(sha).append('\n'));
        QuarkusTransaction.requiringNew().run(() -> ServiceSyncConfig.<ServiceSyncConfig>findByIdOptional(w.configId()).ifPresent(c -> {
            c.lastSyncedHeads = retry ? null : heads.toString();
            if (listed != null) {
                c.listedInstances = String.join(",", listed);
                if (!listed.isEmpty()) {
                    c.proposal = null; // the proposed files have landed
                }
            }
        }));
    }

    private static Map<String, String> readHeads(String lines) {
        Map<String, String> heads = new TreeMap<>();
        lines.lines().filter(l -> l.contains("=")).forEach(l -> heads.put(l.substring(0, l.lastIndexOf('=')), l.substring(l.lastIndexOf('=') + 1)));
        return heads;
    }

    /** Attempts whose deployment finished while no one was listening (a restart between the two). */
    private static void settleLeftovers() {
        QuarkusTransaction.requiringNew().run(() -> ServiceSyncAttempt.<ServiceSyncAttempt>list("status = ?1 and deploymentId is not null",
                ResourceSyncAttempt.Status.IN_PROGRESS).forEach(a -> ServiceSyncService.settle(a, Deployment.findById(a.deploymentId))));
    }

    /** The entry of {@code instance} in a ServiceSpec's {@code instances}. */
    static Optional<JsonNode> instanceEntry(ObjectNode document, String instance) {
        for (JsonNode i : document.path("instances")) {
            if (instance.equals(i.path("name").asText(null))) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private static String digest(JsonNode entry) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(entry.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Long repositoryAttempt(Work w, String sha, RepositorySyncAttempt.Status status, String event) {
        return RepositorySyncAttempt.record(w.provider(), w.repository(), w.branch(), RepositorySyncAttempt.SyncType.SERVICE_SYNC, sha, status, event);
    }

    /** A spec file that cannot be read as the sync needs it; the message names the file. */
    private static final class PaveProblem extends RuntimeException {
        PaveProblem(String message) {
            super(message);
        }
    }
}
