package dev.pave.deploy.plan;

import java.util.Map;

/**
 * What a deployment at a version would apply, computed without starting it: its rendered files and the spec document
 * it would deploy (migrated across a major by the version's {@code schema/migrations.yaml}).
 */
public record Rendered(Map<String, String> files, String spec) {
}
