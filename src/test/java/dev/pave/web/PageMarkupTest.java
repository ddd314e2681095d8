package dev.pave.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every page template keeps to what the Content-Security-Policy allows, including the parts no browser test reaches
 * (a drop, a rarely used button): scripts only from files, no inline event handler, no {@code javascript:} URL,
 * nothing htmx would have to evaluate, no inline style. And htmx URLs with a query string are built on the server,
 * where each parameter is URL-encoded, not by pasting values into the template.
 */
class PageMarkupTest {

    private static final Path TEMPLATES = Path.of("src", "main", "resources", "templates");

    private static final Map<String, Pattern> FORBIDDEN = Map.of(
            "an inline script", Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>", Pattern.CASE_INSENSITIVE),
            "an inline event handler", Pattern.compile("<[^>]*\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE),
            "a javascript: URL", Pattern.compile("javascript:", Pattern.CASE_INSENSITIVE),
            "an hx-on handler (htmx evaluates it)", Pattern.compile("\\s(hx|data-hx)-on", Pattern.CASE_INSENSITIVE),
            "hx-vals or hx-vars with code", Pattern.compile("\\s(data-)?hx-(vals|vars)\\s*=\\s*['\"]\\s*(js:|javascript:|\\{[^'\"]*\\()",
                    Pattern.CASE_INSENSITIVE),
            // an event name followed by [condition]; "from:input[type=search]" is a selector, not a filter
            "an event filter (htmx evaluates it)", Pattern.compile("\\shx-trigger=\"(?:[^\"]*[\\s,])?(?!from:|target:)[\\w:.-]+\\[",
                    Pattern.CASE_INSENSITIVE),
            "an inline style", Pattern.compile("<style|<[^>]*\\sstyle\\s*=", Pattern.CASE_INSENSITIVE),
            "a query string pasted together in an htmx URL", Pattern.compile("\\shx-(get|post|put|patch|delete)=\"[^\"]*\\?[^\"]*\\{",
                    Pattern.CASE_INSENSITIVE));

    @Test
    void templatesKeepToTheContentSecurityPolicy() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).sorted().toList()) {
                // Qute comments may mention what they avoid
                String text = Files.readString(file).replaceAll("(?s)\\{!.*?!\\}", "");
                FORBIDDEN.forEach((what, pattern) -> {
                    Matcher m = pattern.matcher(text);
                    while (m.find()) {
                        found.add(TEMPLATES.relativize(file) + ": " + what + ": " + m.group());
                    }
                });
            }
        }
        assertEquals(List.of(), found);
    }
}
