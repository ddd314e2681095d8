package dev.pave.environment;

/** Resources that run in an environment (service instances, components): while any exists the environment can't be deleted. */
public interface EnvironmentDependents {

    /** Throws (Proton's ValidationException or ConflictException) when something still runs in the environment. */
    void refuseDeletion(Environment environment);
}
