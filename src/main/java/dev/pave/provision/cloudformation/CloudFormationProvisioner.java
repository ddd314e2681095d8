package dev.pave.provision.cloudformation;

import dev.pave.provision.ProvisionContext;
import dev.pave.provision.ProvisionOutcome;
import dev.pave.provision.Provisioner;
import dev.pave.provision.ProvisioningMethod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * Proton's AWS-managed provisioning: one CloudFormation stack per resource, created with CreateStack and updated
 * through change sets, watched until it settles, its events copied into the deployment log.
 */
@ApplicationScoped
public class CloudFormationProvisioner implements Provisioner {

    private final CloudFormationClient cloudFormation;
    private final Duration pollInterval;
    private final Duration timeout;

    @Inject
    CloudFormationProvisioner(CloudFormationClient cloudFormation, CloudFormationConfig config) {
        this(cloudFormation, config.pollInterval(), config.timeout());
    }

    public CloudFormationProvisioner(CloudFormationClient cloudFormation, Duration pollInterval, Duration timeout) {
        this.cloudFormation = cloudFormation;
        this.pollInterval = pollInterval;
        this.timeout = timeout;
    }

    @Override
    public ProvisioningMethod method() {
        return ProvisioningMethod.CLOUDFORMATION;
    }

    @Override
    public ProvisionOutcome run(ProvisionContext context) {
        return new StackRun(cloudFormation, context, pollInterval, timeout).run();
    }
}
