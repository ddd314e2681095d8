package dev.pave.deploy;

/** Proton's DeploymentUpdateType: what an update deploys. */
public enum DeploymentType {
    /** Metadata only; nothing is deployed. */
    NONE,
    /** A new spec on the version in use. */
    CURRENT_VERSION,
    /** Another minor version of the major in use (the recommended one unless given). */
    MINOR_VERSION,
    /** A higher major version (the recommended one unless given). */
    MAJOR_VERSION
}
