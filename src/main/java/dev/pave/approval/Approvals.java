package dev.pave.approval;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.PaveConfig;
import dev.pave.deploy.DeploymentService;
import dev.pave.deploy.DeploymentType;
import dev.pave.deploy.TargetType;
import dev.pave.error.AccessDeniedException;
import dev.pave.error.ConflictException;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ValidationException;
import dev.pave.identity.AuditLog;
import dev.pave.identity.Caller;
import dev.pave.identity.Door;
import dev.pave.identity.Role;
import dev.pave.notice.Notices;
import dev.pave.template.Template;
import dev.pave.template.TemplateType;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Approvals, in one place: which changes need one, who may decide it (an approver of the owning team, or any approver
 * when {@code pave.approvals.any-approver} is set; never the one who asked), and the decision itself, which the
 * feature that held the change observes ({@link Decided}) to go on with it. Every decision is in the audit log and
 * reaches the team as a notice.
 */
@ApplicationScoped
@Transactional
public class Approvals {

    public static final String REQUESTED = "Pave Approval Requested";
    public static final String DECIDED = "Pave Approval Decided";
    public static final int MAX_COMMENT = 1000;

    /** A change to hold for approval. */
    public record NewApproval(Approval.Kind kind, String campaignId, String targetArn, TargetType targetType, String label, String team,
            TemplateType templateType, String templateName, int major, int minor, String request, String reason) {
    }

    /** An approval was decided, inside the deciding transaction: the update or campaign it held goes on, or does not. */
    public record Decided(Approval approval, Caller approver) {
    }

    @Inject
    PaveConfig config;

    @Inject
    AuditLog audit;

    @Inject
    Notices notices;

    @Inject
    Event<Decided> decided;

    // --- the rules ---------------------------------------------------------------------------------------------

    /**
     * Why a single update needs approval, if it does: it moves to another major version, and its environment's
     * upgrades need approval or its template's majors always do. What Pave itself carries out (a campaign that passed
     * its approvals, an update once approved: {@link Door#SYSTEM}) is not held again.
     */
    public static Optional<String> updateNeeds(Caller caller, DeploymentType type, String environment, boolean environmentAsks, Template template) {
        if (type != DeploymentType.MAJOR_VERSION || caller.door() == Door.SYSTEM) {
            return Optional.empty();
        }
        return campaignNeeds(true, environment, environmentAsks, template);
    }

    /** Why moving one resource in a campaign needs approval: any upgrade in an environment that asks, a major of a template that does. */
    public static Optional<String> campaignNeeds(boolean major, String environment, boolean environmentAsks, Template template) {
        if (environmentAsks) {
            return Optional.of("environment " + environment + "'s upgrades need approval");
        }
        if (major && template.majorsNeedApproval) {
            return Optional.of("major upgrades of " + template.name + " need approval");
        }
        return Optional.empty();
    }

    /** Who may decide the approval, in words for pages, notices and status messages. */
    public String deciders(Approval a) {
        return config.approvals().anyApprover() || a.team == null ? "any approver" : "an approver of team " + a.team;
    }

    /** Why the caller may not approve or reject it; empty when they may. */
    public Optional<String> refusal(Caller caller, Approval a) {
        if (!caller.has(Role.APPROVER)) {
            return Optional.of("User " + caller.username() + " is not authorized to perform this action: it needs the approver role");
        }
        if (a.requestedBy.equals(caller.username())) {
            return Optional.of("You asked for this change; another approver must decide it");
        }
        if (!config.approvals().anyApprover() && a.team != null && !caller.teams().contains(a.team)) {
            return Optional.of("Only " + deciders(a) + " may decide it");
        }
        return Optional.empty();
    }

    // --- asking and deciding -------------------------------------------------------------------------------------

    /** Holds a change for approval, in the asking feature's transaction, and tells the team's approvers. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Approval request(Caller caller, NewApproval n) {
        if (n.kind() == Approval.Kind.UPDATE && Approval.count("targetArn = ?1 and status = ?2 and kind = ?3", n.targetArn(), Approval.Status.PENDING,
                Approval.Kind.UPDATE) > 0) {
            throw new ConflictException("An update of " + n.label() + " already waits for approval; it must be decided first");
        }
        Approval a = new Approval();
        a.id = DeploymentService.newId();
        a.kind = n.kind();
        a.campaignId = n.campaignId();
        a.targetArn = n.targetArn();
        a.targetType = n.targetType();
        a.label = n.label();
        a.team = n.team();
        a.templateType = n.templateType();
        a.templateName = n.templateName();
        a.targetMajor = n.major();
        a.targetMinor = n.minor();
        a.request = n.request();
        a.reason = n.reason();
        a.status = Approval.Status.PENDING;
        a.requestedBy = caller.username();
        a.createdAt = Instant.now();
        a.persist();
        audit.record(caller, "RequestApproval", a.id, a.label + " to " + a.templateName + ":" + a.targetVersion() + " (" + a.reason + ")");
        notices.publish(new Notices.NewNotice(REQUESTED, a.targetArn, a.team, caller.username() + " asks to move " + a.label + " to "
                + a.templateName + " " + a.targetVersion() + "; " + deciders(a) + " must approve (" + a.reason + ")", detail(a), true));
        return a;
    }

    /** What an API answer or a status message says of an update held for approval. */
    public String waiting(Approval a) {
        return "Waiting for approval by " + deciders(a) + " (" + a.reason + "); approval " + a.id;
    }

    /** Approves or rejects, with an optional comment; the held change goes on (or is dropped) in the same transaction. */
    public Approval decide(Caller caller, String id, boolean approve, String comment) {
        Approval a = Approval.<Approval>findByIdOptional(id == null ? "" : id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new ResourceNotFoundException("The approval " + id + " was not found"));
        refusal(caller, a).ifPresent(why -> {
            throw new AccessDeniedException(why);
        });
        if (a.status != Approval.Status.PENDING) {
            throw new ConflictException("The approval " + id + " was already decided: " + a.status);
        }
        if (comment != null && comment.length() > MAX_COMMENT) {
            throw new ValidationException("A comment has at most " + MAX_COMMENT + " characters");
        }
        a.status = approve ? Approval.Status.APPROVED : Approval.Status.REJECTED;
        a.decidedBy = caller.username();
        a.comment = comment == null || comment.isBlank() ? null : comment.strip();
        a.decidedAt = Instant.now();
        audit.record(caller, approve ? "Approve" : "Reject", a.id, a.label + " to " + a.templateName + ":" + a.targetVersion()
                + (a.comment == null ? "" : ": " + a.comment));
        decided.fire(new Decided(a, caller));
        notices.publish(new Notices.NewNotice(DECIDED, a.targetArn, a.team, caller.username() + (approve ? " approved" : " rejected")
                + " moving " + a.label + " to " + a.templateName + " " + a.targetVersion() + (a.comment == null ? "" : ": " + a.comment),
                detail(a), true));
        return a;
    }

    /** The campaign's other approvals are moot: one team rejected it, or it was aborted. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void cancelPending(String campaignId, String why) {
        Approval.update("status = ?1, comment = ?2, decidedAt = ?3 where campaignId = ?4 and status = ?5", Approval.Status.CANCELLED, why,
                Instant.now(), campaignId, Approval.Status.PENDING);
    }

    // --- reading -------------------------------------------------------------------------------------------------

    @Transactional(Transactional.TxType.SUPPORTS)
    public Approval approval(Caller caller, String id) {
        caller.requireAnyRole();
        return Approval.<Approval>findByIdOptional(id == null ? "" : id)
                .orElseThrow(() -> new ResourceNotFoundException("The approval " + id + " was not found"));
    }

    /** Newest first; {@code status} null: all. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Approval> approvals(Caller caller, Approval.Status status, int limit) {
        caller.requireAnyRole();
        var query = status == null ? Approval.<Approval>findAll(Sort.descending("createdAt"))
                : Approval.<Approval>find("status", Sort.descending("createdAt"), status);
        return query.range(0, limit - 1).list();
    }

    /** A campaign's approvals, oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Approval> ofCampaign(String campaignId) {
        return Approval.list("campaignId", Sort.by("createdAt"), campaignId);
    }

    private static ObjectNode detail(Approval a) {
        ObjectNode detail = JsonNodeFactory.instance.objectNode().put("approvalId", a.id).put("kind", a.kind.name()).put("label", a.label)
                .put("templateName", a.templateName).put("targetVersion", a.targetVersion()).put("status", a.status.name())
                .put("requestedBy", a.requestedBy).put("reason", a.reason);
        if (a.team != null) {
            detail.put("team", a.team);
        }
        if (a.campaignId != null) {
            detail.put("campaignId", a.campaignId);
        }
        if (a.decidedBy != null) {
            detail.put("decidedBy", a.decidedBy);
        }
        return detail;
    }
}
