package dev.pave.notice;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.error.AccessDeniedException;
import dev.pave.error.ConflictException;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ThrottlingException;
import dev.pave.error.ValidationException;
import dev.pave.identity.AuditLog;
import dev.pave.identity.Caller;
import dev.pave.identity.Role;
import dev.pave.identity.SecretBox;
import dev.pave.team.Team;
import dev.pave.team.TeamService;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The targets notices go to. Platform admins manage every target and make ones that take every event; a team's
 * members manage their team's. Secrets (a webhook's signing secret, a Slack webhook URL) are stored encrypted and
 * never shown again.
 */
@ApplicationScoped
@Transactional
public class NoticeTargets {

    /** A target to make: a webhook or Slack URL (with a signing secret for webhooks), or an EventBridge bus and source. */
    public record NewTarget(String name, NoticeTarget.Kind kind, String url, String secret, String eventBus, String source, String team) {
    }

    public static final String TEST = "Pave Test Notice";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SecretBox secrets;

    @Inject
    AuditLog audit;

    @Inject
    Notices notices;

    @Inject
    WebhookAddresses addresses;

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<NoticeTarget> targets(Caller caller) {
        caller.requireAnyRole();
        if (caller.has(Role.PLATFORM_ADMIN)) {
            return NoticeTarget.listAll(Sort.by("name"));
        }
        return NoticeTarget.list("team in ?1 order by name", caller.teams().isEmpty() ? List.of("") : List.copyOf(caller.teams()));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public NoticeTarget target(Caller caller, long id) {
        NoticeTarget t = NoticeTarget.<NoticeTarget>findByIdOptional(id).orElseThrow(() -> new ResourceNotFoundException("There is no notice target " + id));
        requireManager(caller, t.team);
        return t;
    }

    public NoticeTarget create(Caller caller, NewTarget spec) {
        String team = spec.team() == null || spec.team().isBlank() ? null : spec.team().trim();
        requireManager(caller, team);
        List<ValidationException.Problem> problems = new ArrayList<>();
        String name = spec.name() == null ? "" : spec.name().strip();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}")) {
            problems.add(ValidationException.Problem.about("name", "A name is 1-64 letters, digits, spaces, '.', '_' or '-'"));
        } else if (NoticeTarget.count("name", name) > 0) {
            throw new ConflictException("There is already a notice target named " + name);
        }
        if (team != null && Team.byName(team).isEmpty()) {
            problems.add(ValidationException.Problem.about("team", "Team " + team + " does not exist"));
        }
        NoticeTarget t = new NoticeTarget();
        t.name = name;
        t.kind = spec.kind();
        t.team = team;
        if (spec.kind() == null) {
            problems.add(ValidationException.Problem.about("kind", "Choose webhook, Slack or EventBridge"));
        } else if (spec.kind() == NoticeTarget.Kind.EVENTBRIDGE) {
            t.eventBus = spec.eventBus() == null || spec.eventBus().isBlank() ? "default" : spec.eventBus().strip();
            if (!t.eventBus.matches("[A-Za-z0-9._/:-]{1,1600}")) {
                problems.add(ValidationException.Problem.about("eventBus", "An event bus name or ARN"));
            }
            t.source = spec.source() == null || spec.source().isBlank() ? "pave.proton" : spec.source().strip();
            if (t.source.startsWith("aws.") || !t.source.matches("[A-Za-z0-9._-]{1,256}")) {
                problems.add(ValidationException.Problem.about("source", "A source such as pave.proton; aws.* sources are AWS's own"));
            }
        } else {
            URI uri = addresses.check(spec.url(), problems);
            if (uri != null && spec.kind() == NoticeTarget.Kind.SLACK) {
                // a Slack URL is itself the secret: kept encrypted, shown by host only
                t.url = uri.getScheme() + "://" + uri.getHost() + "/";
                t.secretEncrypted = secrets.seal(uri.toString());
            } else if (uri != null) {
                t.url = uri.toString();
                if (spec.secret() == null || spec.secret().length() < 16) {
                    problems.add(ValidationException.Problem.about("secret", "A signing secret of 16 characters or more"));
                } else {
                    t.secretEncrypted = secrets.seal(spec.secret());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        t.createdBy = caller.username();
        t.createdAt = Instant.now();
        t.persist();
        audit.record(caller, "CreateNoticeTarget", name, t.kind + (team == null ? ", every event" : ", team " + team));
        return t;
    }

    /** A team with notice targets is not deleted: its targets would go silently with it. */
    void teamDeleting(@Observes TeamService.Deleting deleting) {
        long targets = NoticeTarget.count("team", deleting.team());
        if (targets > 0) {
            throw new ConflictException("Team " + deleting.team() + " has " + targets + " notice target(s); delete them first on the Notices page");
        }
    }

    public void delete(Caller caller, long id) {
        NoticeTarget t = target(caller, id);
        t.delete();
        audit.record(caller, "DeleteNoticeTarget", t.name, null);
    }

    /** Sends a test event to this target alone; its delivery shows in the target's list like any other. */
    /** Sends a test notice; one at a time per target, so "Send test" cannot pile up retried deliveries on a receiver. */
    public NoticeEvent sendTest(Caller caller, long id) {
        NoticeTarget t = target(caller, id);
        if (NoticeDelivery.count("target = ?1 and status = ?2 and event.detailType = ?3", t, NoticeDelivery.Status.PENDING, TEST) > 0) {
            throw new ThrottlingException("A test notice to " + t.name + " is still being delivered; send another once it has been answered");
        }
        ObjectNode detail = JSON.createObjectNode();
        detail.put("name", t.name);
        detail.put("status", "TEST");
        detail.put("requestedBy", caller.username());
        audit.record(caller, "SendTestNotice", t.name, null);
        return notices.publishTo(t, new Notices.NewNotice(TEST, null, t.team, "Test notice from Pave to " + t.name + ", sent by " + caller.username(),
                detail, false));
    }

    /** The target's latest deliveries, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<NoticeDelivery> deliveries(Caller caller, long id, int limit) {
        NoticeTarget t = target(caller, id);
        return NoticeDelivery.find("from NoticeDelivery d join fetch d.event where d.target = ?1 order by d.id desc", t).page(0, limit).list();
    }

    /** Admins manage every target; a team's members manage its targets, never one taking every event. */
    private static void requireManager(Caller caller, String team) {
        if (caller.has(Role.PLATFORM_ADMIN)) {
            return;
        }
        caller.requireDeployer();
        if (team == null) {
            throw new AccessDeniedException("Only platform admins manage targets that take every team's events; choose one of your teams");
        }
        if (!caller.teams().contains(team)) {
            throw new AccessDeniedException("User " + caller.username() + " may not manage team " + team + "'s notice targets: they are not a member of it");
        }
    }
}
