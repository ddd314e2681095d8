package dev.pave.service;

import java.util.Map;

/** A CreateService request: the template version, the spec, and what the service keeps besides (description, source, tags). */
public record NewService(String name, String templateName, int templateMajorVersion, Integer templateMinorVersion, String spec,
        String description, String repositoryConnectionArn, String repositoryId, String branchName, Map<String, String> tags) {

    /** A service of a template version ({@code minor} null: the recommended one) with its spec, nothing else. */
    public static NewService of(String name, String templateName, int major, Integer minor, String spec) {
        return new NewService(name, templateName, major, minor, spec, null, null, null, null, Map.of());
    }

    public NewService withDescription(String text) {
        return new NewService(name, templateName, templateMajorVersion, templateMinorVersion, spec, text, repositoryConnectionArn,
                repositoryId, branchName, tags);
    }

    /** Where the pipeline's source is (each may be null; a template with a pipeline needs all three). */
    public NewService withRepository(String connectionArn, String id, String branch) {
        return new NewService(name, templateName, templateMajorVersion, templateMinorVersion, spec, description, connectionArn, id,
                branch, tags);
    }

    public NewService withTags(Map<String, String> given) {
        return new NewService(name, templateName, templateMajorVersion, templateMinorVersion, spec, description, repositoryConnectionArn,
                repositoryId, branchName, given);
    }
}
