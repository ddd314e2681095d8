package dev.pave.web.notices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.drift.DriftChecks;
import dev.pave.notice.NoticeEvent;
import dev.pave.notice.NoticeSources;
import dev.pave.web.resources.ResourcePaths;

/** The portal page a notice is about, read from its detail-type and detail. */
final class NoticeLinks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NoticeLinks() {
    }

    static String of(NoticeEvent e) {
        JsonNode d;
        try {
            d = JSON.readTree(e.detail);
        } catch (com.fasterxml.jackson.core.JsonProcessingException bad) {
            return null;
        }
        String name = d.path("name").asText();
        String service = d.path("serviceName").asText();
        return switch (e.detailType) {
            case "AWS Proton Environment Status Change" -> ResourcePaths.environment(name);
            case "AWS Proton Service Instance Status Change" -> ResourcePaths.instance(service, name);
            case "AWS Proton Service Pipeline Status Change" -> ResourcePaths.pipeline(service);
            case "AWS Proton Component Status Change" -> ResourcePaths.component(name);
            case NoticeSources.BLOCKED -> ResourcePaths.service(service) + "/sync";
            case DriftChecks.DETECTED -> switch (d.path("targetType").asText()) {
                case "ENVIRONMENT" -> ResourcePaths.environment(name) + "#drift";
                case "SERVICE_INSTANCE" -> ResourcePaths.instance(service, name) + "#drift";
                case "SERVICE_PIPELINE" -> ResourcePaths.pipeline(service) + "#drift";
                default -> ResourcePaths.component(name) + "#drift";
            };
            case NoticeSources.RECOMMENDED -> "/templates/" + d.path("templateType").asText().toLowerCase(java.util.Locale.ROOT) + "/"
                    + d.path("templateName").asText();
            default -> null;
        };
    }
}
