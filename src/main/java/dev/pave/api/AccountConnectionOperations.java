package dev.pave.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.account.AccountConnections;
import dev.pave.account.EnvironmentAccountConnection;
import dev.pave.error.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The seven environment account connection operations. */
@ApplicationScoped
public class AccountConnectionOperations implements ApiOperations {

    @Inject
    AccountConnections connections;

    @Override
    public Map<String, ApiOperation> operations() {
        Map<String, ApiOperation> ops = new HashMap<>();
        ops.put("CreateEnvironmentAccountConnection", (caller, in) -> wrap(connection(connections.create(caller,
                new AccountConnections.NewConnection(Json.required(in, "environmentName"), Json.required(in, "managementAccountId"),
                        Json.text(in, "roleArn").orElse(null), Json.text(in, "codebuildRoleArn").orElse(null),
                        Json.text(in, "componentRoleArn").orElse(null), Json.text(in, "clientToken").orElse(null),
                        TagOperations.tagMap(in.get("tags")))), true)));
        ops.put("AcceptEnvironmentAccountConnection", (caller, in) -> wrap(connection(connections.accept(caller, Json.required(in, "id")), true)));
        ops.put("RejectEnvironmentAccountConnection", (caller, in) -> wrap(connection(connections.reject(caller, Json.required(in, "id")), true)));
        ops.put("UpdateEnvironmentAccountConnection", (caller, in) -> wrap(connection(connections.update(caller, Json.required(in, "id"),
                new AccountConnections.RolesChange(Json.text(in, "roleArn").orElse(null), Json.text(in, "codebuildRoleArn").orElse(null),
                        Json.text(in, "componentRoleArn").orElse(null))), true)));
        ops.put("DeleteEnvironmentAccountConnection", (caller, in) -> wrap(connection(connections.delete(caller, Json.required(in, "id")), true)));
        ops.put("GetEnvironmentAccountConnection", (caller, in) -> wrap(connection(connections.get(caller, Json.required(in, "id")), true)));
        ops.put("ListEnvironmentAccountConnections", (caller, in) -> {
            AccountConnections.RequestedBy side = enumValue(AccountConnections.RequestedBy.class, "requestedBy", Json.required(in, "requestedBy"));
            Set<EnvironmentAccountConnection.Status> statuses = EnumSet.noneOf(EnvironmentAccountConnection.Status.class);
            in.path("statuses").forEach(s -> statuses.add(enumValue(EnvironmentAccountConnection.Status.class, "statuses", s.asText())));
            String environment = Json.text(in, "environmentName").orElse(null);
            Paging paging = Paging.of(in, "ListEnvironmentAccountConnections:" + side + ":" + environment + ":" + statuses);
            List<EnvironmentAccountConnection> rows = connections.list(caller, side, environment, statuses, paging.offset(), paging.fetchSize());
            return paging.write(Json.object(), "environmentAccountConnections", rows, c -> connection(c, false));
        });
        return ops;
    }

    /** Proton's EnvironmentAccountConnection ({@code detail}) or its summary. */
    private ObjectNode connection(EnvironmentAccountConnection c, boolean detail) {
        ObjectNode out = Json.object();
        Json.put(out, "arn", connections.arn(c));
        Json.put(out, "id", c.id);
        Json.put(out, "environmentName", c.environmentName);
        Json.put(out, "environmentAccountId", c.environmentAccountId);
        Json.put(out, "managementAccountId", c.managementAccountId);
        Json.put(out, "roleArn", c.roleArn);
        Json.put(out, "componentRoleArn", c.componentRoleArn);
        if (detail) {
            Json.put(out, "codebuildRoleArn", c.codebuildRoleArn);
        }
        Json.put(out, "status", c.status.name());
        Json.put(out, "requestedAt", c.requestedAt);
        Json.put(out, "lastModifiedAt", c.lastModifiedAt);
        return out;
    }

    private static ObjectNode wrap(ObjectNode connection) {
        return (ObjectNode) Json.object().set("environmentAccountConnection", connection);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(field + " " + value + " is not one of " + EnumSet.allOf(type));
        }
    }
}
