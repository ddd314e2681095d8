package dev.pave.provision;

/** One piece of provisioned infrastructure (Proton's ProvisionedResource); engine is CLOUDFORMATION or TERRAFORM. */
public record ProvisionedResource(String name, String identifier, String provisioningEngine) {
}
