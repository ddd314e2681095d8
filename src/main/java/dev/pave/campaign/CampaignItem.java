package dev.pave.campaign;

import dev.pave.deploy.TargetType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One resource of a campaign: what it ran before, the deployment that upgraded it, and the one that rolled it back. */
@Entity
@Table(name = "campaign_item")
public class CampaignItem extends PanacheEntityBase {

    public enum Status {
        PENDING,
        DEPLOYING,
        SUCCEEDED,
        FAILED,
        /** Not deployed: blocked when the campaign was planned (the message says why), or the campaign was aborted first. */
        SKIPPED,
        ROLLING_BACK,
        ROLLED_BACK,
        ROLLBACK_FAILED;

        /** Its upgrade deployment ran: a campaign rollback returns it. */
        public boolean changed() {
            return this == SUCCEEDED || this == FAILED;
        }
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "campaign_id")
    public String campaignId;

    /** The ordinal of its wave. */
    public int wave;

    @Column(name = "resource_arn")
    public String resourceArn;

    @Enumerated(EnumType.STRING)
    @Column(name = "target_type")
    public TargetType targetType;

    /** "service instance api/dev". */
    public String label;

    public String team;

    /** The environment it runs in; null for a pipeline. */
    public String environment;

    /** The version it ran when the campaign was planned. */
    @Column(name = "from_version")
    public String fromVersion;

    /** Its last succeeded deployment before the campaign: what a campaign rollback deploys again. */
    @Column(name = "from_deployment_id")
    public String fromDeploymentId;

    @Enumerated(EnumType.STRING)
    public Status status;

    public String message;

    @Column(name = "deployment_id")
    public String deploymentId;

    @Column(name = "rollback_deployment_id")
    public String rollbackDeploymentId;
}
