package dev.pave.notice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentService;
import dev.pave.deploy.StatusMessages;
import dev.pave.deploy.plan.VersionRules;
import dev.pave.environment.Environment;
import dev.pave.service.Service;
import dev.pave.service.ServiceInstance;
import dev.pave.service.ServiceService;
import dev.pave.sync.ServiceSyncService;
import dev.pave.sync.SyncBlocker;
import dev.pave.team.Ownership;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns what happens in Pave into notices, inside the transaction it happens in: every deployment's state change
 * and service status change (Proton's "AWS Proton … Status Change" events), a newly recommended version that leaves resources behind (one notice
 * per owning team, naming them), and a new sync blocker.
 */
@ApplicationScoped
public class NoticeSources {

    public static final String RECOMMENDED = "Pave Recommended Version Available";
    public static final String BLOCKED = "Pave Service Sync Blocked";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NAMED = 50;

    @Inject
    Notices notices;

    @Inject
    Ownership ownership;

    @Inject
    TemplateService templates;

    void deploymentChanged(@Observes DeploymentService.StatusChanged change) {
        Deployment d = change.deployment();
        String kind = switch (d.targetType) {
            case ENVIRONMENT -> "Environment";
            case SERVICE_INSTANCE -> "Service Instance";
            case SERVICE_PIPELINE -> "Service Pipeline";
            case COMPONENT -> "Component";
        };
        String name = switch (d.targetType) {
            case ENVIRONMENT -> d.environmentName;
            case SERVICE_INSTANCE -> d.serviceInstanceName;
            case SERVICE_PIPELINE -> "pipeline";
            case COMPONENT -> d.componentName;
        };
        String previous = change.previous() == null ? null : change.previous().name();
        ObjectNode detail = JSON.createObjectNode();
        detail.put("name", name);
        detail.put("status", d.status.name());
        detail.put("previousStatus", previous);
        detail.put("deploymentStatus", d.status.name());
        detail.put("previousDeploymentStatus", previous);
        detail.put("deploymentId", d.id);
        detail.put("deploymentType", d.deploymentType);
        if (d.serviceName != null) {
            detail.put("serviceName", d.serviceName);
        }
        if (d.environmentName != null) {
            detail.put("environmentName", d.environmentName);
        }
        JsonNode state = d.state();
        if (state.hasNonNull("templateName")) {
            detail.put("templateName", state.path("templateName").asText());
            detail.put("templateMajorVersion", state.path("templateMajorVersion").asText());
            detail.put("templateMinorVersion", state.path("templateMinorVersion").asText());
        }
        if (d.statusMessage != null) {
            detail.put("statusMessage", StatusMessages.headline(d.statusMessage));
        }
        String team = ownership.teamOf(d.targetArn).orElse(null); // not the entity: its target locks it next
        detail.put("team", team);
        String label = DeploymentService.label(d);
        String version = state.hasNonNull("templateName") ? " (" + state.path("templateName").asText() + " "
                + state.path("templateMajorVersion").asText() + "." + state.path("templateMinorVersion").asText() + ")" : "";
        notices.publish(new Notices.NewNotice("AWS Proton " + kind + " Status Change", d.targetArn, team,
                label + ": " + d.status + version + (d.statusMessage == null ? "" : ": " + StatusMessages.headline(d.statusMessage)),
                detail, !d.status.active()));
    }

    /** A service's own status (Proton's ServiceStatus), which moves on from its instances' and pipeline's deployments. */
    void serviceChanged(@Observes ServiceService.StatusChanged change) {
        Service s = change.service();
        String previous = change.previous() == null ? null : change.previous().name();
        ObjectNode detail = JSON.createObjectNode();
        detail.put("name", s.name);
        detail.put("status", s.status.name());
        detail.put("previousStatus", previous);
        if (s.statusMessage != null) {
            detail.put("statusMessage", StatusMessages.headline(s.statusMessage));
        }
        detail.put("templateName", s.templateName);
        detail.put("team", s.ownerTeam);
        notices.publish(new Notices.NewNotice("AWS Proton Service Status Change", change.arn(), s.ownerTeam, "Service " + s.name + ": "
                + s.status + (s.statusMessage == null ? "" : ": " + StatusMessages.headline(s.statusMessage)), detail, !s.status.inProgress()));
    }

    /** A version became the recommended one: each team with resources behind it hears which. */
    void published(@Observes TemplateService.Published published) {
        TemplateVersion v = published.version();
        if (!templates.recommendedVersion(v.template).map(r -> r.id.equals(v.id)).orElse(false)) {
            return; // a minor of an older major, or below one published earlier
        }
        Map<String, List<String>> behind = new TreeMap<>();
        Map<String, List<String>> arns = new TreeMap<>();
        String templateName = v.template.name;
        if (v.template.type == TemplateType.ENVIRONMENT) {
            for (Environment e : Environment.<Environment>list("templateName", templateName)) {
                if (older(e.templateVersion.major, e.templateVersion.minor, v)) {
                    behind.computeIfAbsent(e.ownerTeam, t -> new ArrayList<>()).add("environment " + e.name + " (" + e.templateVersion.version() + ")");
                }
            }
        } else {
            Map<String, String> teamOf = new TreeMap<>();
            for (Service s : Service.<Service>list("templateName", templateName)) {
                teamOf.put(s.name, s.ownerTeam);
                if (s.hasPipeline && older(s.pipelineTemplateVersion.major, s.pipelineTemplateVersion.minor, v)) {
                    behind.computeIfAbsent(s.ownerTeam, t -> new ArrayList<>()).add("pipeline of " + s.name + " (" + s.pipelineTemplateVersion.version() + ")");
                }
            }
            for (ServiceInstance i : ServiceInstance.<ServiceInstance>list("templateName", templateName)) {
                if (older(i.templateVersion.major, i.templateVersion.minor, v) && teamOf.containsKey(i.serviceName)) {
                    behind.computeIfAbsent(teamOf.get(i.serviceName), t -> new ArrayList<>())
                            .add("service instance " + i.serviceName + "/" + i.name + " (" + i.templateVersion.version() + ")");
                }
            }
        }
        String kind = v.template.type == TemplateType.ENVIRONMENT ? "environment" : "service";
        behind.forEach((team, names) -> {
            ObjectNode detail = JSON.createObjectNode();
            detail.put("templateName", templateName);
            detail.put("templateType", v.template.type.name());
            detail.put("recommendedVersion", v.version());
            detail.put("team", team);
            detail.put("behind", names.size());
            var list = detail.putArray("resources");
            names.stream().limit(NAMED).forEach(list::add);
            notices.publish(new Notices.NewNotice(RECOMMENDED, templates.arn(v), team, kind.substring(0, 1).toUpperCase() + kind.substring(1)
                    + " template " + templateName + " " + v.version() + " is recommended; " + names.size() + " of team " + team
                    + "'s resources run an older version: " + String.join(", ", names.stream().limit(5).toList())
                    + (names.size() > 5 ? ", …" : ""), detail, true));
        });
    }

    /** Behind {@code v}, the newly recommended version, by the rule every page and summary uses. */
    private static boolean older(int major, int minor, TemplateVersion v) {
        return VersionRules.standing(Optional.of(v), major, minor) != VersionRules.Standing.UP_TO_DATE;
    }

    void blocked(@Observes ServiceSyncService.Blocked blocked) {
        SyncBlocker b = blocked.blocker();
        ObjectNode detail = JSON.createObjectNode();
        detail.put("id", b.id);
        detail.put("serviceName", b.service.name);
        if (b.instanceName != null) {
            detail.put("serviceInstanceName", b.instanceName);
        }
        detail.put("createdReason", b.createdReason);
        detail.put("createdBy", b.createdBy);
        detail.put("team", b.service.ownerTeam);
        String what = b.instanceName == null ? "service " + b.service.name : "service instance " + b.service.name + "/" + b.instanceName;
        notices.publish(new Notices.NewNotice(BLOCKED, null, b.service.ownerTeam,
                "Service sync of " + what + " is blocked: " + b.createdReason, detail, true));
    }
}
