package dev.pave.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.repository.GitRepository;
import dev.pave.repository.RepositoryService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/** CreateRepository, GetRepository, ListRepositories, DeleteRepository. */
@ApplicationScoped
public class RepositoryOperations implements ApiOperations {

    @Inject
    RepositoryService repositories;

    @Override
    public Map<String, ApiOperation> operations() {
        return Map.of(
                "CreateRepository", (caller, in) -> Json.object().set("repository", repository(repositories.create(caller,
                        Json.required(in, "provider"), Json.required(in, "name"), Json.required(in, "connectionArn"),
                        Json.text(in, "encryptionKey").orElse(null), TagOperations.tagMap(in.get("tags"))))),
                "GetRepository", (caller, in) -> Json.object().set("repository",
                        repository(repositories.repository(caller, Json.required(in, "provider"), Json.required(in, "name")))),
                "DeleteRepository", (caller, in) -> Json.object().set("repository",
                        repository(repositories.delete(caller, Json.required(in, "provider"), Json.required(in, "name")))),
                "ListRepositories", (caller, in) -> {
                    Paging paging = Paging.of(in, "ListRepositories");
                    List<GitRepository> rows = repositories.repositories(caller, paging.offset(), paging.fetchSize());
                    return paging.write(Json.object(), "repositories", rows, r -> {
                        ObjectNode summary = repository(r);
                        summary.remove("encryptionKey");
                        return summary;
                    });
                });
    }

    private ObjectNode repository(GitRepository r) {
        ObjectNode out = Json.object();
        Json.put(out, "arn", repositories.arn(r));
        Json.put(out, "connectionArn", r.connectionArn);
        Json.put(out, "encryptionKey", r.encryptionKey);
        Json.put(out, "name", r.name);
        Json.put(out, "provider", r.provider);
        return out;
    }
}
