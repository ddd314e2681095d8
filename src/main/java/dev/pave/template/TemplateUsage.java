package dev.pave.template;

/**
 * Something that deploys template versions (environments, service instances, pipelines). The registry asks
 * every such feature before deleting a version, so a version in use is never removed.
 */
public interface TemplateUsage {

    /** How many resources run on this version ({@code minor} null: any minor of the major). */
    long countUsing(TemplateType type, String templateName, int major, Integer minor);
}
