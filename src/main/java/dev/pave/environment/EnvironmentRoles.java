package dev.pave.environment;

import dev.pave.provision.ProvisioningMethod;

/**
 * The roles an environment's infrastructure (its own, its service instances' and its components') is provisioned
 * with: the environment's own, or those of its environment account connection.
 *
 * @param connectionRoleArn the connection's role Pave assumes to reach the environment account; null in Pave's own
 * @param accountId the account the infrastructure is in
 */
public record EnvironmentRoles(String stackRoleArn, String codebuildRoleArn, String componentRoleArn, String connectionRoleArn,
        String accountId) {

    /**
     * The role whose credentials a deployment by {@code method} uses in the environment account: the connection's for
     * CloudFormation, the CodeBuild role for commands (they run as CodeBuild would); null in Pave's own account.
     */
    public String accountRole(ProvisioningMethod method) {
        if (connectionRoleArn == null) {
            return null;
        }
        return method == ProvisioningMethod.COMMANDS ? codebuildRoleArn : connectionRoleArn;
    }
}
