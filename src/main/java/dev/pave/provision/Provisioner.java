package dev.pave.provision;

/**
 * One provisioning engine. {@link #run} provisions or deletes per the request's action and returns when the
 * outcome is known; it must be resumable from {@link ProvisionContext#checkpoint()} and must poll
 * {@link ProvisionContext#cancelRequested()} while waiting. Implementations are CDI beans; the engine picks the
 * one whose {@link #method()} matches the request.
 */
public interface Provisioner {

    ProvisioningMethod method();

    ProvisionOutcome run(ProvisionContext context);
}
