package dev.pave.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.error.PaveException;
import dev.pave.error.ValidationException;
import dev.pave.repository.GitMirror;
import dev.pave.repository.RepositoryService;
import dev.pave.schema.Spec;
import dev.pave.schema.SpecDocuments;
import dev.pave.template.bundle.BundleException;
import dev.pave.template.bundle.SafeYaml;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The services' specs as service sync reads them from Git: a proton-ops file's services, each as one ServiceSpec
 * gathering every instance it lists from that instance's spec file and branch, with the pipeline section of the first
 * file that has one. What an import adopts a service with, so that its sync, linked afterwards, finds it runs them.
 */
@ApplicationScoped
public class GitServiceSpecs {

    @Inject
    RepositoryService repositories;

    @Inject
    GitMirror mirror;

    /** Every service the proton-ops file lists, with its spec (YAML); a file or entry that can't be read is a ValidationException naming it. */
    public Map<String, String> read(ServiceSyncService.Source opsFile) {
        RepositoryService.Access access = QuarkusTransaction.requiringNew().call(() -> repositories.access(opsFile.repositoryProvider(),
                opsFile.repositoryName()));
        Map<String, GitMirror.Snapshot> branches = new TreeMap<>();
        try {
            GitMirror.Snapshot ops = open(opsFile, access, opsFile.branch(), branches);
            byte[] file = ops.file(opsFile.filePath()).orElseThrow(() -> new ValidationException("proton-ops file " + opsFile.filePath()
                    + " does not exist on branch " + opsFile.branch() + " of " + opsFile.repositoryName()));
            Map<String, String> specs = new LinkedHashMap<>();
            for (String service : OpsFile.services(opsFile.filePath(), file)) {
                ObjectNode spec = SpecDocuments.start("ServiceSpec");
                for (Map.Entry<String, OpsFile.SpecFile> listed : OpsFile.instances(opsFile.filePath(), file, service).entrySet()) {
                    OpsFile.SpecFile where = listed.getValue();
                    ObjectNode document = document(open(opsFile, access, where.branch(), branches), where.path());
                    spec.withArray("instances").add(ServiceSyncWorker.instanceEntry(document, listed.getKey()).orElseThrow(() ->
                            new ValidationException(where.path() + " on branch " + where.branch() + " has no instance named " + listed.getKey()
                                    + " in spec.instances, where " + opsFile.filePath() + " says it is")));
                    if (document.hasNonNull("pipeline") && !spec.has("pipeline")) {
                        spec.set("pipeline", document.get("pipeline"));
                    }
                }
                specs.put(service, SpecDocuments.yaml(spec));
            }
            return specs;
        } catch (OpsFile.Invalid | GitMirror.GitException e) {
            throw new ValidationException(e.getMessage());
        } finally {
            branches.values().forEach(GitMirror.Snapshot::close);
        }
    }

    private GitMirror.Snapshot open(ServiceSyncService.Source opsFile, RepositoryService.Access access, String branch,
            Map<String, GitMirror.Snapshot> branches) {
        GitMirror.Snapshot open = branches.get(branch);
        if (open == null) {
            open = mirror.fetch(opsFile.repositoryProvider(), opsFile.repositoryName(), access, branch);
            branches.put(branch, open);
        }
        return open;
    }

    private static ObjectNode document(GitMirror.Snapshot commit, String path) {
        byte[] bytes = commit.file(path).orElseThrow(() -> new ValidationException("Spec file " + path + " does not exist on branch "
                + commit.branch()));
        try {
            return Spec.parse(SafeYaml.text(path, bytes), Spec.Kind.ServiceSpec);
        } catch (BundleException e) {
            throw new ValidationException(e.getMessage());
        } catch (PaveException e) {
            throw new ValidationException(path + ": " + e.getMessage());
        }
    }
}
