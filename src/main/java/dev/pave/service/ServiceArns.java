package dev.pave.service;

import dev.pave.Arns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The ARNs of services, their pipelines and their instances, as Proton spells them. */
@ApplicationScoped
public class ServiceArns {

    @Inject
    Arns arns;

    public String arn(Service s) {
        return arns.of("service", s.name);
    }

    public String pipelineArn(Service s) {
        return arns.of("service", s.name + "/pipeline");
    }

    public String arn(ServiceInstance i) {
        return arns.of("service", i.serviceName + "/service-instance/" + i.name);
    }

    /** {service, instance} from a service instance's ARN. */
    public String[] instanceNames(String instanceArn) {
        String[] parts = instanceArn.substring(arns.of("service", "").length()).split("/");
        if (parts.length != 3 || !parts[1].equals("service-instance")) {
            throw new IllegalArgumentException("not a service instance ARN: " + instanceArn);
        }
        return new String[] {parts[0], parts[2]};
    }
}
