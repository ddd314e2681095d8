package dev.pave.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.approval.Approval;
import dev.pave.approval.Approvals;
import dev.pave.error.PaveException;
import dev.pave.error.ValidationException;
import dev.pave.identity.Caller;
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
import java.util.Arrays;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** {@code /api/v1/approvals}: what waits for an approver, and deciding it, for scripts (SigV4) and signed-in browsers. */
@Path("/api/v1/approvals")
public class ApprovalApi {

    @Inject
    Approvals approvals;

    @Inject
    MachineCallers callers;

    @Inject
    JsonBodies bodies;

    /** {@code status}: PENDING, APPROVED, REJECTED or CANCELLED; none: all. Newest first, at most 200. */
    @GET
    public Response list(@RestQuery String status, @Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServerRequest http) {
        try {
            Caller caller = callers.resolve("GET", new byte[0], headers, uri, http);
            Approval.Status wanted = status == null || status.isBlank() ? null : Arrays.stream(Approval.Status.values())
                    .filter(s -> s.name().equals(status)).findFirst()
                    .orElseThrow(() -> new ValidationException("status must be PENDING, APPROVED, REJECTED or CANCELLED"));
            ArrayNode list = Json.array();
            approvals.approvals(caller, wanted, 200).forEach(a -> list.add(json(a)));
            ObjectNode out = Json.object();
            out.set("approvals", list);
            return Response.ok(out.toString(), MediaType.APPLICATION_JSON).build();
        } catch (PaveException e) {
            return ApiErrors.of(e);
        }
    }

    @GET
    @Path("{id}")
    public Response get(@RestPath String id, @Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServerRequest http) {
        try {
            Approval a = approvals.approval(callers.resolve("GET", new byte[0], headers, uri, http), id);
            return Response.ok(json(a).toString(), MediaType.APPLICATION_JSON).build();
        } catch (PaveException e) {
            return ApiErrors.of(e);
        }
    }

    /** {@code approve} or {@code reject}, with an optional {@code {"comment": "…"}}. */
    @POST
    @Path("{id}/{decision}")
    @Consumes(MediaType.WILDCARD)
    public Response decide(@RestPath String id, @RestPath String decision, byte[] body, @Context HttpHeaders headers, @Context UriInfo uri,
            @Context HttpServerRequest http) {
        try {
            Caller caller = callers.resolve("POST", body, headers, uri, http);
            JsonNode in = bodies.object(body, headers);
            boolean approve = switch (decision) {
                case "approve" -> true;
                case "reject" -> false;
                default -> throw new ValidationException("Unknown decision " + decision + ": approve or reject");
            };
            Approval a = approvals.decide(caller, id, approve, in.path("comment").isTextual() ? in.path("comment").asText() : null);
            return Response.ok(json(a).toString(), MediaType.APPLICATION_JSON).build();
        } catch (PaveException e) {
            return ApiErrors.of(e);
        }
    }

    private ObjectNode json(Approval a) {
        ObjectNode out = Json.object().put("id", a.id).put("kind", a.kind.name()).put("label", a.label).put("templateType", a.templateType.name())
                .put("templateName", a.templateName).put("targetVersion", a.targetVersion()).put("status", a.status.name()).put("reason", a.reason)
                .put("requestedBy", a.requestedBy).put("deciders", approvals.deciders(a));
        Json.put(out, "campaignId", a.campaignId);
        Json.put(out, "resourceArn", a.targetArn);
        Json.put(out, "team", a.team);
        Json.put(out, "decidedBy", a.decidedBy);
        Json.put(out, "comment", a.comment);
        Json.put(out, "createdAt", a.createdAt);
        Json.put(out, "decidedAt", a.decidedAt);
        return out;
    }
}
