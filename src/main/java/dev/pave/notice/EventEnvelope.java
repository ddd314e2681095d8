package dev.pave.notice;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * What a receiver gets: the event as EventBridge delivers it to a rule's target ({@code version}, {@code id},
 * {@code detail-type}, {@code source}, {@code account}, {@code time}, {@code region}, {@code resources},
 * {@code detail}), so a Lambda or portal written for Proton's events reads Pave's webhooks unchanged; or Slack's
 * {@code {"text": …}}.
 */
final class EventEnvelope {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventEnvelope() {
    }

    static ObjectNode of(NoticeEvent e, String source, String account, String region) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("version", "0");
        envelope.put("id", e.eventId);
        envelope.put("detail-type", e.detailType);
        envelope.put("source", source);
        envelope.put("account", account);
        envelope.put("time", e.createdAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        envelope.put("region", region);
        var resources = envelope.putArray("resources");
        if (e.resourceArn != null) {
            resources.add(e.resourceArn);
        }
        envelope.set("detail", detail(e));
        return envelope;
    }

    static ObjectNode slack(NoticeEvent e) {
        ObjectNode body = JSON.createObjectNode();
        body.put("text", e.summary);
        return body;
    }

    static ObjectNode detail(NoticeEvent e) {
        try {
            return (ObjectNode) JSON.readTree(e.detail);
        } catch (com.fasterxml.jackson.core.JsonProcessingException bad) {
            throw new UncheckedIOException(bad);
        }
    }
}
