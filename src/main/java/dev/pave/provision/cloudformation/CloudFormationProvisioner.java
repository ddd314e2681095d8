package dev.pave.provision.cloudformation;

import dev.pave.aws.AssumedRoles;
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
 * through change sets, watched until it settles, its events copied into the deployment log. A resource in another
 * account (an environment account connection's) is provisioned there, as the connection's role.
 */
@ApplicationScoped
public class CloudFormationProvisioner implements Provisioner {

    private final CloudFormationClient cloudFormation;
    private final AssumedRoles otherAccounts;
    private final Duration pollInterval;
    private final Duration timeout;

    @Inject
    CloudFormationProvisioner(CloudFormationClient cloudFormation, AssumedRoles otherAccounts, CloudFormationConfig config) {
        this.cloudFormation = cloudFormation;
        this.otherAccounts = otherAccounts;
        this.pollInterval = config.pollInterval();
        this.timeout = config.timeout();
    }

    /** In Pave's own account only. */
    public CloudFormationProvisioner(CloudFormationClient cloudFormation, Duration pollInterval, Duration timeout) {
        this.cloudFormation = cloudFormation;
        this.otherAccounts = null;
        this.pollInterval = pollInterval;
        this.timeout = timeout;
    }

    @Override
    public ProvisioningMethod method() {
        return ProvisioningMethod.CLOUDFORMATION;
    }

    @Override
    public ProvisionOutcome run(ProvisionContext context) {
        String accountRole = context.request().accountRoleArn();
        CloudFormationClient client = accountRole == null ? cloudFormation : otherAccounts.cloudFormation(accountRole);
        return new StackRun(client, context, pollInterval, timeout).run();
    }
}
