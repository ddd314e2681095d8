package dev.pave.fleet;

import dev.pave.Arns;
import dev.pave.component.Component;
import dev.pave.deploy.TargetType;
import dev.pave.environment.Environment;
import dev.pave.service.Service;
import dev.pave.service.ServiceInstance;
import dev.pave.template.TemplateType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Finds deployed resources by ARN, and lists them all (for the scheduled drift check). */
@ApplicationScoped
public class DeployedResources {

    @Inject
    Arns arns;

    public Optional<DeployedResource> byArn(String arn) {
        String env = arns.of("environment", "");
        String service = arns.of("service", "");
        String component = arns.of("component", "");
        if (arn.startsWith(env)) {
            return Environment.byName(arn.substring(env.length())).map(this::of);
        }
        if (arn.startsWith(component)) {
            return Component.byName(arn.substring(component.length())).map(this::of);
        }
        if (arn.startsWith(service)) {
            String[] parts = arn.substring(service.length()).split("/");
            if (parts.length == 3 && parts[1].equals("service-instance")) {
                return ServiceInstance.byName(parts[0], parts[2]).flatMap(i -> Service.byName(i.serviceName).map(s -> of(s, i)));
            }
            if (parts.length == 2 && parts[1].equals("pipeline")) {
                return Service.byName(parts[0]).filter(s -> s.hasPipeline).map(this::pipeline);
            }
        }
        return Optional.empty();
    }

    /** What a template's versions run: an environment template's environments, a service template's instances and pipelines. */
    public List<DeployedResource> ofTemplate(TemplateType type, String templateName) {
        List<DeployedResource> found = new ArrayList<>();
        if (type == TemplateType.ENVIRONMENT) {
            Environment.<Environment>list("templateName", templateName).forEach(e -> found.add(of(e)));
            return found;
        }
        Map<String, Service> services = Service.<Service>list("templateName", templateName).stream().collect(Collectors.toMap(s -> s.name, s -> s));
        services.values().stream().filter(s -> s.hasPipeline && s.pipelineTemplateVersion != null).forEach(s -> found.add(pipeline(s)));
        ServiceInstance.<ServiceInstance>list("templateName", templateName).stream().filter(i -> services.containsKey(i.serviceName))
                .forEach(i -> found.add(of(services.get(i.serviceName), i)));
        return found;
    }

    /** Everything deployed, for the scheduled check. */
    public List<DeployedResource> all() {
        List<DeployedResource> targets = new ArrayList<>();
        Environment.<Environment>listAll().forEach(e -> targets.add(of(e)));
        Map<String, Service> services = Service.<Service>listAll().stream().collect(Collectors.toMap(s -> s.name, s -> s));
        services.values().stream().filter(s -> s.hasPipeline).forEach(s -> targets.add(pipeline(s)));
        ServiceInstance.<ServiceInstance>listAll().stream().filter(i -> services.containsKey(i.serviceName))
                .forEach(i -> targets.add(of(services.get(i.serviceName), i)));
        Component.<Component>listAll().forEach(c -> targets.add(of(c)));
        return targets;
    }

    private DeployedResource of(Environment e) {
        return new DeployedResource(arns.of("environment", e.name), TargetType.ENVIRONMENT, null, e.name, e.ownerTeam, TemplateType.ENVIRONMENT,
                e.templateName, e.templateVersion, e.deployment);
    }

    private DeployedResource of(Service s, ServiceInstance i) {
        return new DeployedResource(arns.of("service", s.name + "/service-instance/" + i.name), TargetType.SERVICE_INSTANCE, s.name, i.name, s.ownerTeam,
                TemplateType.SERVICE, i.templateName, i.templateVersion, i.deployment);
    }

    private DeployedResource pipeline(Service s) {
        return new DeployedResource(arns.of("service", s.name + "/pipeline"), TargetType.SERVICE_PIPELINE, s.name, "pipeline", s.ownerTeam,
                TemplateType.SERVICE, s.templateName, s.pipelineTemplateVersion, s.pipelineState());
    }

    private DeployedResource of(Component c) {
        return new DeployedResource(arns.of("component", c.name), TargetType.COMPONENT, c.serviceName, c.name, c.ownerTeam, null, null, null, c.deployment);
    }
}
