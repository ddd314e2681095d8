package dev.pave.provision;

/**
 * The documented naming scheme for per-resource stacks (and command runs' STACK_NAME), so operators can find
 * a resource's stack in CloudFormation: {@code pave-env-<environment>}, {@code pave-svc-<service>-pipeline},
 * {@code pave-svc-<service>-<instance>}, {@code pave-cmp-<component>}. Proton names are at most 100 characters
 * of letters, digits, '-' and '_'; CloudFormation allows 128 of letters, digits and '-', so '_' becomes '-'.
 */
public final class StackNames {

    private StackNames() {
    }

    public static String environment(String environment) {
        return clean("pave-env-" + environment);
    }

    public static String pipeline(String service) {
        return clean("pave-svc-" + service + "-pipeline");
    }

    public static String serviceInstance(String service, String instance) {
        return clean("pave-svc-" + service + "-" + instance);
    }

    public static String component(String component) {
        return clean("pave-cmp-" + component);
    }

    private static String clean(String name) {
        String s = name.replace('_', '-');
        return s.length() <= 128 ? s : s.substring(0, 128);
    }
}
