package dev.pave.deploy;

import java.util.Map;

/**
 * Renders one Jinja IaC file with Proton's namespaces ({@code environment}, {@code service}, …). The render feature
 * provides the implementation; a failure is a ValidationException naming the file, line and variable, raised while
 * the deployment is requested, so nothing is deployed.
 */
public interface IacRenderer {

    String render(String fileName, String template, Map<String, Object> context);
}
