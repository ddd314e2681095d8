package dev.pave.drift;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One kind of drift on one resource: open while checks keep finding it, resolved when one doesn't. */
@Entity
@Table(name = "drift_finding")
public class DriftFinding extends PanacheEntityBase {

    public enum Kind {
        /** The stack's template body or parameters differ from what Pave last applied. */
        TEMPLATE("Infrastructure (template)"),
        /** CloudFormation's own drift detection found resources changed or deleted. */
        RESOURCE("Infrastructure (resources)"),
        /** The manifest's drift command reported drift (exit 2). */
        COMMAND("Infrastructure (drift command)"),
        /** A synced instance's spec in Git differs from what runs. */
        SPEC("Spec"),
        /** Behind the template's recommended version. */
        VERSION("Version");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    public enum Status {
        OPEN, RESOLVED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "resource_arn")
    public String resourceArn;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    @Enumerated(EnumType.STRING)
    public Status status;

    public String summary;

    /** What shows it: the differing template lines, resource property differences, the drift command's output. */
    public String evidence;

    public String team;

    @Column(name = "template_name")
    public String templateName;

    @Column(name = "first_seen_at")
    public Instant firstSeenAt;

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;
}
