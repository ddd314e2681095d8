package dev.pave.render;

import java.util.Map;
import java.util.Optional;

/** Where previews find a deployed environment's account and outputs, when the caller does not supply them. */
public interface EnvironmentDirectory {

    record DeployedEnvironment(String name, String accountId, Map<String, String> outputs) {
    }

    Optional<DeployedEnvironment> deployed(String environmentName);
}
