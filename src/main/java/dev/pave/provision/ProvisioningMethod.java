package dev.pave.provision;

/** How a resource's infrastructure is provisioned, chosen as Proton chooses it. */
public enum ProvisioningMethod {
    /** A service role is given: Pave drives CloudFormation stacks (Proton's AWS-managed provisioning). */
    CLOUDFORMATION,
    /** A CodeBuild role is given: Pave runs the manifest's provision/deprovision commands (Proton's CodeBuild provisioning). */
    COMMANDS,
    /** A provisioning repository is given: Pave commits rendered files to Git and waits to be told the outcome. */
    SELF_MANAGED
}
