package dev.pave.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps the HTTP meters' labels to a set no caller can grow. Quarkus labels a request with its method as sent, and
 * a request no route template matched with its raw path: a made-up method would mint a series each, and a path with
 * dot segments ({@code /x/../q/health}) is served under its normalised path yet slips past the ignore patterns (they
 * see the raw one) and uses up the uri labels Quarkus allows, after which real routes stop being recorded.
 * (4xx answers to unmatched paths are left out by {@code suppress4xx-errors}.)
 */
@Singleton
public class HttpMeterLabels {

    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    /** Dot segments, percent-escapes and backslashes: a path the router would serve as some other path. */
    private static final Pattern UNNORMALISED = Pattern.compile("(^|/)\\.\\.?(/|$)|%|\\\\");
    private static final String UNNORMALISED_URI = "UNNORMALISED";

    @Produces
    @Singleton
    MeterFilter boundedHttpLabels() {
        // Micrometer maps an id through every filter before any filter accepts it, so mapping (not only denying)
        // keeps the junk out of Quarkus's uri cap, which counts the labels it is shown in its own accept.
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (!id.getName().startsWith("http.server.")) {
                    return id;
                }
                List<Tag> tags = id.getTags().stream().map(HttpMeterLabels::bounded).toList();
                return tags.equals(id.getTags()) ? id : id.replaceTags(tags);
            }

            @Override
            public MeterFilterReply accept(Meter.Id id) {
                return UNNORMALISED_URI.equals(id.getTag("uri")) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
            }
        };
    }

    private static Tag bounded(Tag tag) {
        return switch (tag.getKey()) {
            case "method" -> METHODS.contains(tag.getValue()) ? tag : Tag.of("method", "OTHER");
            case "uri" -> UNNORMALISED.matcher(tag.getValue()).find() ? Tag.of("uri", UNNORMALISED_URI) : tag;
            default -> tag;
        };
    }
}
