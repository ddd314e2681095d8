package dev.pave.environment;

import dev.pave.deploy.DeploymentService;
import dev.pave.render.EnvironmentDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** Render previews see an environment once a deployment of it succeeded: its account and current outputs. */
@ApplicationScoped
public class EnvironmentDirectoryEntries implements EnvironmentDirectory {

    @Inject
    DeploymentService deployments;

    @Inject
    EnvironmentService environments;

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<DeployedEnvironment> deployed(String environmentName) {
        return Environment.byName(environmentName).filter(e -> e.deployment.deployed())
                .map(e -> new DeployedEnvironment(e.name, environments.accountId(e), deployments.outputs(environments.arn(e))));
    }
}
