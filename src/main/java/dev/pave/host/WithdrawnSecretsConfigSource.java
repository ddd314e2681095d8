package dev.pave.host;

import io.smallrye.config.EnvConfigSource;

/**
 * The PAVE_ and QUARKUS_ secrets {@link ProcessEnvironment} took out of the process environment, read by Quarkus
 * exactly as it reads environment variables (same names, same ordinal), so configuring Pave does not change.
 */
public class WithdrawnSecretsConfigSource extends EnvConfigSource {

    public WithdrawnSecretsConfigSource() {
        super(ProcessEnvironment.withdrawnConfig(), ORDINAL);
    }

    @Override
    public String getName() {
        return "Pave's environment secrets, read at start";
    }
}
