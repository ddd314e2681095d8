package dev.pave.approval;

import dev.pave.deploy.TargetType;
import dev.pave.template.TemplateType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A change waiting for an approver: a single MAJOR_VERSION update of a resource, or a campaign (one per owning team). */
@Entity
@Table(name = "approval")
public class Approval extends PanacheEntityBase {

    public enum Kind {
        UPDATE,
        CAMPAIGN
    }

    public enum Status {
        PENDING,
        APPROVED,
        REJECTED,
        /** The campaign it was for was rejected by another team, or aborted. */
        CANCELLED
    }

    @Id
    public String id;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    @Column(name = "campaign_id")
    public String campaignId;

    /** UPDATE: the resource to update. */
    @Column(name = "target_arn")
    public String targetArn;

    @Enumerated(EnumType.STRING)
    @Column(name = "target_type")
    public TargetType targetType;

    /** "environment prod", "campaign web to 2.0". */
    public String label;

    /** The team whose approver decides (any approver may, when Pave is set so). */
    public String team;

    @Enumerated(EnumType.STRING)
    @Column(name = "template_type")
    public TemplateType templateType;

    @Column(name = "template_name")
    public String templateName;

    @Column(name = "target_major")
    public int targetMajor;

    @Column(name = "target_minor")
    public int targetMinor;

    /** UPDATE: the update as asked for (JSON), deployed once approved. */
    public String request;

    @Enumerated(EnumType.STRING)
    public Status status;

    /** Why it needs approval: "environment prod's upgrades need approval". */
    public String reason;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "decided_by")
    public String decidedBy;

    public String comment;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "decided_at")
    public Instant decidedAt;

    public String targetVersion() {
        return targetMajor + "." + targetMinor;
    }
}
