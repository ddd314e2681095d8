package dev.pave.account;

import dev.pave.PaveConfig;
import dev.pave.environment.Environment;
import dev.pave.error.ConflictException;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ValidationException;
import dev.pave.identity.AuditLog;
import dev.pave.identity.Caller;
import dev.pave.identity.Role;
import dev.pave.tag.TagService;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Environment account connections, with Proton's rules: an environment account requests one (Create, Update, Delete),
 * Pave's account, the management account, accepts or rejects it; an environment provisioned through it lives in the
 * environment account. Both sides are Pave users here (the platform admins), so the environment account is the one
 * its role is in.
 */
@ApplicationScoped
@Named("accountConnections") // the environment form lists the connected accounts
@Transactional
public class AccountConnections {

    private static final Pattern ROLE = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/[\\w+=,.@/-]{1,512}");

    /** What the environment account asks for. */
    public record NewConnection(String environmentName, String managementAccountId, String roleArn, String codebuildRoleArn,
            String componentRoleArn, String clientToken, Map<String, String> tags) {
    }

    /** New roles; null members stay as they are. */
    public record RolesChange(String roleArn, String codebuildRoleArn, String componentRoleArn) {
    }

    /** Which side's list: ENVIRONMENT_ACCOUNT lists the connections the caller requested, MANAGEMENT_ACCOUNT all. */
    public enum RequestedBy {
        MANAGEMENT_ACCOUNT,
        ENVIRONMENT_ACCOUNT
    }

    @Inject
    PaveConfig config;

    @Inject
    AuditLog audit;

    @Inject
    TagService tags;

    public EnvironmentAccountConnection create(Caller caller, NewConnection request) {
        caller.require(Role.PLATFORM_ADMIN);
        if (request.clientToken() != null) {
            Optional<EnvironmentAccountConnection> same = EnvironmentAccountConnection.<EnvironmentAccountConnection>find(
                    "requestedBy = ?1 and clientToken = ?2", caller.username(), request.clientToken()).firstResultOptional();
            if (same.isPresent()) {
                return same.get(); // a retried request
            }
        }
        if (request.environmentName() == null || request.environmentName().isBlank()) {
            throw new ValidationException("environmentName is required");
        }
        if (!config.accountId().equals(request.managementAccountId())) {
            throw new ValidationException("managementAccountId " + request.managementAccountId() + " is not this Pave's account ("
                    + config.accountId() + ")");
        }
        if (request.roleArn() == null) {
            throw new ValidationException("roleArn is required: Pave assumes it to provision in the environment account");
        }
        String account = account("roleArn", request.roleArn());
        if (account.equals(config.accountId())) {
            throw new ValidationException("roleArn " + request.roleArn() + " is in the management account itself; an environment account "
                    + "connection reaches another account");
        }
        requireSameAccount(account, "codebuildRoleArn", request.codebuildRoleArn());
        requireSameAccount(account, "componentRoleArn", request.componentRoleArn());
        if (live(account, request.environmentName()).isPresent()) {
            throw new ConflictException("Account " + account + " already has a connection for environment " + request.environmentName());
        }
        EnvironmentAccountConnection c = new EnvironmentAccountConnection();
        c.id = UUID.randomUUID().toString();
        c.environmentName = request.environmentName();
        c.environmentAccountId = account;
        c.managementAccountId = config.accountId();
        c.roleArn = request.roleArn();
        c.codebuildRoleArn = request.codebuildRoleArn();
        c.componentRoleArn = request.componentRoleArn();
        c.status = EnvironmentAccountConnection.Status.PENDING;
        c.clientToken = request.clientToken();
        c.requestedBy = caller.username();
        c.requestedAt = c.lastModifiedAt = Instant.now();
        c.persist();
        tags.tag(caller, arn(c), request.tags());
        audit.record(caller, "CreateEnvironmentAccountConnection", c.id, "account " + account + ", environment " + c.environmentName);
        return c;
    }

    public EnvironmentAccountConnection accept(Caller caller, String id) {
        caller.require(Role.PLATFORM_ADMIN);
        EnvironmentAccountConnection c = lock(id);
        if (c.status != EnvironmentAccountConnection.Status.PENDING) {
            throw new ConflictException("Environment account connection " + id + " is " + c.status + "; only a PENDING one can be accepted");
        }
        return changed(caller, c, EnvironmentAccountConnection.Status.CONNECTED, "AcceptEnvironmentAccountConnection");
    }

    public EnvironmentAccountConnection reject(Caller caller, String id) {
        caller.require(Role.PLATFORM_ADMIN);
        EnvironmentAccountConnection c = lock(id);
        if (c.status == EnvironmentAccountConnection.Status.REJECTED) {
            throw new ConflictException("Environment account connection " + id + " is already REJECTED");
        }
        List<String> using = environmentsUsing(id);
        if (!using.isEmpty()) {
            throw new ConflictException("Environment account connection " + id + " is connected to environment " + String.join(", ", using)
                    + " and can't be rejected");
        }
        return changed(caller, c, EnvironmentAccountConnection.Status.REJECTED, "RejectEnvironmentAccountConnection");
    }

    public EnvironmentAccountConnection update(Caller caller, String id, RolesChange change) {
        caller.require(Role.PLATFORM_ADMIN);
        EnvironmentAccountConnection c = lock(id);
        if (c.status == EnvironmentAccountConnection.Status.REJECTED) {
            throw new ConflictException("Environment account connection " + id + " was rejected and can't be changed");
        }
        requireSameAccount(c.environmentAccountId, "roleArn", change.roleArn());
        requireSameAccount(c.environmentAccountId, "codebuildRoleArn", change.codebuildRoleArn());
        requireSameAccount(c.environmentAccountId, "componentRoleArn", change.componentRoleArn());
        c.roleArn = Objects.requireNonNullElse(change.roleArn(), c.roleArn);
        c.codebuildRoleArn = Objects.requireNonNullElse(change.codebuildRoleArn(), c.codebuildRoleArn);
        c.componentRoleArn = Objects.requireNonNullElse(change.componentRoleArn(), c.componentRoleArn);
        return changed(caller, c, c.status, "UpdateEnvironmentAccountConnection");
    }

    /**
     * Deletes the connection, also one in use: as with Proton, its environments can't be provisioned again until a
     * new connection for them is accepted (their stacks stay where they are). Answers the connection as it was.
     */
    public EnvironmentAccountConnection delete(Caller caller, String id) {
        caller.require(Role.PLATFORM_ADMIN);
        EnvironmentAccountConnection c = lock(id);
        c.delete();
        tags.untagAll(arn(c));
        audit.record(caller, "DeleteEnvironmentAccountConnection", id, "account " + c.environmentAccountId + ", environment " + c.environmentName);
        return c;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public EnvironmentAccountConnection get(Caller caller, String id) {
        caller.requireAnyRole();
        return EnvironmentAccountConnection.<EnvironmentAccountConnection>findByIdOptional(id).orElseThrow(() -> notFound(id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EnvironmentAccountConnection> list(Caller caller, RequestedBy requestedBy, String environmentName,
            Set<EnvironmentAccountConnection.Status> statuses, int offset, int limit) {
        caller.requireAnyRole();
        List<String> where = new ArrayList<>(List.of("1 = 1"));
        Parameters p = new Parameters();
        if (requestedBy == RequestedBy.ENVIRONMENT_ACCOUNT) {
            where.add("requestedBy = :caller");
            p.and("caller", caller.username());
        }
        if (environmentName != null) {
            where.add("environmentName = :environment");
            p.and("environment", environmentName);
        }
        if (statuses != null && !statuses.isEmpty()) {
            where.add("status in :statuses");
            p.and("statuses", statuses);
        }
        return EnvironmentAccountConnection.<EnvironmentAccountConnection>find(String.join(" and ", where), Sort.by("requestedAt").and("id"), p)
                .range(offset, offset + limit - 1).list();
    }

    /**
     * The connection an environment named {@code environmentName} may be provisioned through: it exists, is CONNECTED
     * and was made for that environment.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public EnvironmentAccountConnection usable(String id, String environmentName) {
        EnvironmentAccountConnection c = EnvironmentAccountConnection.<EnvironmentAccountConnection>findByIdOptional(id)
                .orElseThrow(() -> new ValidationException("Environment account connection " + id + " does not exist (deleted?): "
                        + "environment " + environmentName + " can't be provisioned in its account until a new connection is accepted"));
        if (c.status != EnvironmentAccountConnection.Status.CONNECTED) {
            throw new ValidationException("Environment account connection " + id + " is " + c.status + "; it must be accepted (CONNECTED)"
                    + " before environments use it");
        }
        if (!c.environmentName.equals(environmentName)) {
            throw new ValidationException("Environment account connection " + id + " is for environment " + c.environmentName
                    + ", not " + environmentName);
        }
        return c;
    }

    /** Connections that environments may be created with, for the portal's form. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EnvironmentAccountConnection> connected() {
        return EnvironmentAccountConnection.list("status", Sort.by("environmentName").and("environmentAccountId"),
                EnvironmentAccountConnection.Status.CONNECTED);
    }

    public String arn(EnvironmentAccountConnection c) {
        return "arn:aws:proton:" + config.region() + ":" + c.managementAccountId + ":environment-account-connection/" + c.id;
    }

    private EnvironmentAccountConnection changed(Caller caller, EnvironmentAccountConnection c, EnvironmentAccountConnection.Status status,
            String operation) {
        c.status = status;
        c.lastModifiedAt = Instant.now();
        audit.record(caller, operation, c.id, "account " + c.environmentAccountId + ", environment " + c.environmentName + ": " + status);
        return c;
    }

    private static List<String> environmentsUsing(String id) {
        return Environment.<Environment>list("environmentAccountConnectionId", id).stream()
                .map(e -> e.name).toList();
    }

    private static Optional<EnvironmentAccountConnection> live(String account, String environmentName) {
        return EnvironmentAccountConnection.<EnvironmentAccountConnection>find("environmentAccountId = ?1 and environmentName = ?2 and status <> ?3",
                account, environmentName, EnvironmentAccountConnection.Status.REJECTED).firstResultOptional();
    }

    private static String account(String field, String roleArn) {
        Matcher m = ROLE.matcher(roleArn);
        if (!m.matches()) {
            throw new ValidationException(field + " " + roleArn + " is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)");
        }
        return m.group(1);
    }

    private static void requireSameAccount(String account, String field, String roleArn) {
        if (roleArn != null && !account(field, roleArn).equals(account)) {
            throw new ValidationException(field + " " + roleArn + " is not in the environment account " + account);
        }
    }

    private static EnvironmentAccountConnection lock(String id) {
        EnvironmentAccountConnection c = EnvironmentAccountConnection.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (c == null) {
            throw notFound(id);
        }
        return c;
    }

    private static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("The environment account connection " + id + " was not found");
    }
}
