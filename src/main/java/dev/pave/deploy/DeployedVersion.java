package dev.pave.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * The template version a resource runs: the one its last successful deployment brought (a new resource's, the one it
 * is created with). Environments and service instances embed it; the service's pipeline maps it onto its
 * {@code pipeline_*} columns.
 */
@Embeddable
public class DeployedVersion {

    @Column(name = "template_major_version")
    public int major;

    @Column(name = "template_minor_version")
    public int minor;

    public static DeployedVersion of(int major, int minor) {
        DeployedVersion v = new DeployedVersion();
        v.major = major;
        v.minor = minor;
        return v;
    }

    /** The version in a deployment's state (Proton's DeploymentState member: templateMajorVersion, templateMinorVersion). */
    public static DeployedVersion in(JsonNode state) {
        return of(Integer.parseInt(state.path("templateMajorVersion").asText()), Integer.parseInt(state.path("templateMinorVersion").asText()));
    }

    /** Whether this version comes before {@code major.minor}: what an upgrade to it would move. */
    public boolean before(int major, int minor) {
        return this.major < major || this.major == major && this.minor < minor;
    }

    /** {@code major.minor}. */
    public String version() {
        return major + "." + minor;
    }
}
