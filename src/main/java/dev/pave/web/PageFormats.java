package dev.pave.web;

import dev.pave.deploy.StatusMessages;
import dev.pave.sync.RepositorySyncAttempt;
import dev.pave.sync.ResourceSyncAttempt;
import dev.pave.template.Template;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.template.bundle.Manifest;
import dev.pave.web.catalog.TemplatePaths;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How domain values read on pages: {@code {template.title}}, {@code {version.status.label}}, {@code {fmt:when(v.createdAt)}}.
 * The {@code @TemplateData} lines let user tags, which are not type-checked, read these entities' members.
 */
@TemplateExtension
@TemplateData(target = Template.class)
@TemplateData(target = TemplateVersion.class)
@TemplateData(target = Manifest.Engine.class)
public class PageFormats {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** The display name a platform team chose, else the template's name. */
    static String title(Template t) {
        return t.displayName == null || t.displayName.isBlank() ? t.name : t.displayName;
    }

    /** The template's page. */
    static String url(Template t) {
        return TemplatePaths.of(t);
    }

    /** The type as it appears in page URLs: {@code environment} or {@code service}. */
    public static String slug(TemplateType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    static String label(TemplateVersion.Status status) {
        String words = status.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** Engines as platform teams name them; CODEBUILD manifests run as commands on Pave's machine. */
    static String label(Manifest.Engine engine) {
        return switch (engine) {
            case CLOUDFORMATION -> "CloudFormation";
            case TERRAFORM -> "Terraform";
            case CODEBUILD -> "Commands";
        };
    }

    /** The engine as the catalog's filter writes it in URLs: {@code cloudformation}, {@code terraform}, {@code commands}. */
    public static String slug(Manifest.Engine engine) {
        return engine == Manifest.Engine.CODEBUILD ? "commands" : engine.name().toLowerCase(Locale.ROOT);
    }

    /** The text as a query parameter's value in a page's link: {@code href="/services?text={text.urlEncoded}"}. */
    static String urlEncoded(String text) {
        return QueryParams.encode(text);
    }

    static String cssClass(TemplateVersion.Status status) {
        return "status-" + status.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String css(ResourceSyncAttempt.Status status) {
        return "sync-" + status.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String css(RepositorySyncAttempt.Status status) {
        return "sync-" + status.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * A value as one shell word, for commands a page shows to be copied ({@code git checkout {b.shellQuoted}}):
     * single-quoted unless it is plainly safe, so a branch named {@code main;curl …|sh} stays a name.
     */
    static String shellQuoted(String value) {
        return value.matches("[A-Za-z0-9._/+=@%-]+") && !value.startsWith("-") ? value : "'" + value.replace("'", "'\\''") + "'";
    }

    /** The first block of a deployment id (a UUID), enough to tell deployments apart in a table; pages show the whole id on hover. */
    @TemplateExtension(namespace = "fmt")
    static String shortId(String id) {
        int dash = id.indexOf('-');
        return dash > 0 ? id.substring(0, dash) : id;
    }

    @TemplateExtension(namespace = "fmt")
    static String headline(String statusMessage) {
        return StatusMessages.headline(statusMessage);
    }

    @TemplateExtension(namespace = "fmt")
    static String detail(String statusMessage) {
        return StatusMessages.detail(statusMessage);
    }

    @TemplateExtension(namespace = "fmt")
    static String when(Instant instant) {
        return instant == null ? "—" : WHEN.format(instant);
    }
}
