package dev.pave.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.campaign.Campaign;
import dev.pave.campaign.CampaignItem;
import dev.pave.campaign.CampaignService.NewCampaign;
import dev.pave.campaign.CampaignService;
import dev.pave.campaign.CampaignWave;
import dev.pave.error.PaveException;
import dev.pave.error.ValidationException;
import dev.pave.identity.Caller;
import dev.pave.template.TemplateType;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code /api/v1/campaigns}: upgrade campaigns for scripts (SigV4) and signed-in browsers. Writes take JSON only, which
 * a browser cannot send cross-site without asking first.
 */
@Path("/api/v1/campaigns")
public class CampaignApi {

    @Inject
    CampaignService campaigns;

    @Inject
    MachineCallers callers;

    @Inject
    JsonBodies bodies;

    @GET
    public Response list(@RestQuery String templateName, @Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServerRequest http) {
        try {
            Caller caller = callers.resolve("GET", new byte[0], headers, uri, http);
            ArrayNode list = Json.array();
            campaigns.campaigns(caller, templateName, 100).forEach(c -> list.add(summary(c)));
            ObjectNode out = Json.object();
            out.set("campaigns", list);
            return ok(out);
        } catch (PaveException e) {
            return ApiErrors.of(e);
        }
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(byte[] body, @Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServerRequest http) {
        try {
            Caller caller = callers.resolve("POST", body, headers, uri, http);
            JsonNode in = bodies.object(body, headers);
            Campaign c = campaigns.create(caller, new NewCampaign(type(in), Json.required(in, "templateName"), integer(in, "majorVersion", null),
                    integer(in, "minorVersion", null), in.path("groupTag").asText(CampaignService.DEFAULT_GROUP_TAG), strings(in.path("order")),
                    waves(in.path("waves")), integer(in, "maxParallel", 10), integer(in, "failureLimit", 0), integer(in, "soakSeconds", 0),
                    strings(in.path("alarms"))));
            return Response.status(201).entity(view(campaigns.view(caller, c.id)).toString()).type(MediaType.APPLICATION_JSON).build();
        } catch (PaveException e) {
            return ApiErrors.of(e);
        }
    }

    @GET
    @Path("{id}")
    public Response get(@RestPath String id, @Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServerRequest http) {
        try {
            return ok(view(campaigns.view(callers.resolve("GET", new byte[0], headers, uri, http), id)));
        } catch (PaveException e) {
            return ApiErrors.of(e);
        }
    }

    /** {@code pause}, {@code resume}, {@code promote}, {@code abort} or {@code rollback}. */
    @POST
    @Path("{id}/{action}")
    @Consumes(MediaType.WILDCARD)
    public Response steer(@RestPath String id, @RestPath String action, byte[] body, @Context HttpHeaders headers, @Context UriInfo uri,
            @Context HttpServerRequest http) {
        try {
            Caller caller = callers.resolve("POST", body, headers, uri, http);
            bodies.object(body, headers);
            CampaignService.Action chosen = CampaignService.Action.byPath(action).orElseThrow(() -> new ValidationException(
                    "Unknown action " + action + ": pause, resume, promote, abort or rollback"));
            campaigns.steer(caller, id, chosen);
            return ok(view(campaigns.view(caller, id)));
        } catch (PaveException e) {
            return ApiErrors.of(e);
        }
    }

    private static Response ok(ObjectNode out) {
        return Response.ok(out.toString(), MediaType.APPLICATION_JSON).build();
    }

    private static TemplateType type(JsonNode in) {
        try {
            return TemplateType.valueOf(in.path("templateType").asText(""));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("templateType must be ENVIRONMENT or SERVICE");
        }
    }

    private static Integer integer(JsonNode in, String field, Integer otherwise) {
        JsonNode value = in.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        String text = value.asText();
        if (!text.matches("0|[1-9]\\d{0,8}")) {
            throw new ValidationException(field + " must be a whole number");
        }
        return Integer.valueOf(text);
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new ValidationException("Expected a list of strings");
        }
        list.forEach(n -> {
            if (!n.isTextual()) {
                throw new ValidationException("Expected a list of strings");
            }
            out.add(n.asText());
        });
        return out;
    }

    private static List<List<String>> waves(JsonNode list) {
        List<List<String>> out = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new ValidationException("waves must be a list of lists of environment names");
        }
        list.forEach(w -> out.add(strings(w)));
        return out;
    }

    private static ObjectNode summary(Campaign c) {
        ObjectNode out = Json.object().put("id", c.id).put("templateType", c.templateType.name()).put("templateName", c.templateName)
                .put("targetVersion", c.targetVersion()).put("status", c.status.name()).put("requestedBy", c.requestedBy)
                .put("maxParallel", c.maxParallel).put("failureLimit", c.failureLimit).put("soakSeconds", c.soakSeconds);
        Json.put(out, "statusMessage", c.statusMessage);
        c.alarmNames().forEach(out.putArray("alarms")::add);
        Json.put(out, "createdAt", c.createdAt);
        Json.put(out, "finishedAt", c.finishedAt);
        return out;
    }

    private static ObjectNode view(CampaignService.View v) {
        ObjectNode out = summary(v.campaign());
        ArrayNode waves = out.putArray("waves");
        for (CampaignWave w : v.waves()) {
            ObjectNode wave = waves.addObject().put("name", w.name).put("status", w.status.name());
            Json.put(wave, "gateMessage", w.gateMessage);
            ArrayNode items = wave.putArray("resources");
            for (CampaignItem i : v.itemsOf(w)) {
                ObjectNode item = items.addObject().put("arn", i.resourceArn).put("label", i.label).put("status", i.status.name())
                        .put("fromVersion", i.fromVersion);
                Json.put(item, "team", i.team);
                Json.put(item, "environment", i.environment);
                Json.put(item, "deploymentId", i.deploymentId);
                Json.put(item, "rollbackDeploymentId", i.rollbackDeploymentId);
                Json.put(item, "message", i.message);
            }
        }
        return out;
    }
}
