package dev.pave.provision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The documented naming scheme for per-resource stacks (and command runs' STACK_NAME):
 * {@code pave-env-<environment>-<h>}, {@code pave-pipeline-<service>-<h>}, {@code pave-svc-<service>-<instance>-<h>},
 * {@code pave-cmp-<component>-<h>}, where {@code <h>} is 8 hex digits of a SHA-256 of the exact names. The
 * readable part lets operators find a resource's stack; the hash keeps names unique, since Proton names may
 * contain '-' and '_' (which CloudFormation does not allow and becomes '-').
 */
public final class StackNames {

    private StackNames() {
    }

    public static String environment(String environment) {
        return name("env", environment);
    }

    public static String pipeline(String service) {
        return name("pipeline", service);
    }

    public static String serviceInstance(String service, String instance) {
        return name("svc", service, instance);
    }

    public static String component(String component) {
        return name("cmp", component);
    }

    private static String name(String kind, String... parts) {
        String readable = ("pave-" + kind + "-" + String.join("-", parts)).replace('_', '-');
        if (readable.length() > 118) {
            readable = readable.substring(0, 118); // CloudFormation allows 128 characters
        }
        return readable + "-" + hash(kind + "/" + String.join("/", parts));
    }

    private static String hash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
