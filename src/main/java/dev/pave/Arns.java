package dev.pave;

import jakarta.enterprise.context.ApplicationScoped;

/** ARNs in Proton's form ({@code arn:aws:proton:<region>:<account>:<type>/<name>}), with Pave's region and account. */
@ApplicationScoped
public class Arns {

    private final String prefix;

    public Arns(PaveConfig config) {
        this.prefix = "arn:aws:proton:" + config.region() + ":" + config.accountId() + ":";
    }

    /** e.g. {@code of("environment-template", "ecs-shared-env")}. */
    public String of(String resourceType, String name) {
        return prefix + resourceType + "/" + name;
    }

    public String prefix() {
        return prefix;
    }
}
