package dev.pave.account;

import dev.pave.identity.AuditLog;
import dev.pave.identity.Caller;
import dev.pave.identity.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

/** Proton's account settings: pipeline roles and the pipeline provisioning repository. */
@ApplicationScoped
@Transactional
public class AccountService {

    /** A change; empty members stay as they are, an empty string clears a role. */
    public record SettingsChange(Optional<String> pipelineServiceRoleArn, Optional<String> pipelineCodebuildRoleArn,
            Optional<String> pipelineProvisioningRepository, boolean deletePipelineProvisioningRepository) {
    }

    @Inject
    AuditLog audit;

    @Transactional(Transactional.TxType.SUPPORTS)
    public AccountSettings settings(Caller caller) {
        caller.requireAnyRole();
        return AccountSettings.get();
    }

    public AccountSettings update(Caller caller, SettingsChange change) {
        caller.require(Role.PLATFORM_ADMIN);
        AccountSettings s = AccountSettings.get();
        change.pipelineServiceRoleArn().ifPresent(v -> s.pipelineServiceRoleArn = v.isEmpty() ? null : v);
        change.pipelineCodebuildRoleArn().ifPresent(v -> s.pipelineCodebuildRoleArn = v.isEmpty() ? null : v);
        change.pipelineProvisioningRepository().ifPresent(v -> s.pipelineProvisioningRepository = v);
        if (change.deletePipelineProvisioningRepository()) {
            s.pipelineProvisioningRepository = null;
        }
        s.updatedAt = Instant.now();
        audit.record(caller, "UpdateAccountSettings", "account", null);
        return s;
    }
}
