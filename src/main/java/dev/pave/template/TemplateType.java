package dev.pave.template;

/** Proton's TemplateType: what a template deploys. */
public enum TemplateType {
    ENVIRONMENT,
    SERVICE
}
