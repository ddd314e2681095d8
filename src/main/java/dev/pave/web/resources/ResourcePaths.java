package dev.pave.web.resources;

import dev.pave.fleet.DeployedResource;

/**
 * The pages of environments, services, their instances and pipelines, and components, as links and redirects name
 * them. Resource names are Proton's ({@code [0-9A-Za-z][0-9A-Za-z_-]*}), safe in a path as they are.
 */
public final class ResourcePaths {

    private ResourcePaths() {
    }

    public static String environment(String name) {
        return "/environments/" + name;
    }

    public static String service(String name) {
        return "/services/" + name;
    }

    public static String instance(String service, String name) {
        return service(service) + "/instances/" + name;
    }

    public static String pipeline(String service) {
        return service(service) + "/pipeline";
    }

    public static String component(String name) {
        return "/components/" + name;
    }

    /** The page of a deployed resource. */
    public static String of(DeployedResource r) {
        return switch (r.type()) {
            case ENVIRONMENT -> environment(r.name());
            case SERVICE_INSTANCE -> instance(r.service(), r.name());
            case SERVICE_PIPELINE -> pipeline(r.service());
            case COMPONENT -> component(r.name());
        };
    }
}
