package dev.pave.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.error.PaveException;
import dev.pave.error.ValidationException;
import dev.pave.identity.Caller;
import dev.pave.render.EnvironmentDirectory.DeployedEnvironment;
import dev.pave.render.ProtonContext.ServiceRef;
import dev.pave.render.RenderPreview;
import dev.pave.schema.Spec;
import dev.pave.template.TemplateType;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/v1/render}: the render preview, for template authors' scripts (SigV4-signed like the Proton
 * API) and for the pages (a logged-in browser). Answers the rendered files; deploys nothing.
 */
@Path("/api/v1/render")
public class RenderPreviewApi {

    private static final Logger LOG = Logger.getLogger(RenderPreviewApi.class);

    @Inject
    RenderPreview preview;

    @Inject
    MachineCallers callers;

    @Inject
    ObjectMapper mapper;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response render(byte[] body, @Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServerRequest http) {
        try {
            Caller caller = callers.resolve("POST", body, headers, uri, http);
            if (headers.getMediaType() == null || !headers.getMediaType().isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                // browsers cannot send JSON cross-site without asking first, so this also keeps the preview CSRF-safe
                throw new ValidationException("The render preview takes Content-Type: application/json");
            }
            RenderPreview.Result result = preview.render(caller, request(parse(body)));
            ObjectNode out = Json.object();
            if (result.environment() != null) {
                out.putObject("environment").set("files", files(result.environment()));
            } else {
                ObjectNode instances = out.putObject("instances");
                result.instances().forEach((name, files) -> instances.putObject(name).set("files", files(files)));
                if (result.pipeline() != null) {
                    out.putObject("pipeline").set("files", files(result.pipeline()));
                }
            }
            return Response.ok(out.toString(), MediaType.APPLICATION_JSON).build();
        } catch (PaveException e) {
            return ApiErrors.of(e);
        } catch (RuntimeException e) {
            LOG.error("render preview failed", e);
            return ApiErrors.of(500, "InternalServerException", "Pave failed to render the preview", MediaType.APPLICATION_JSON).build();
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode node = mapper.readTree(body == null ? new byte[0] : body);
            if (node == null || !node.isObject()) {
                throw new ValidationException("The request body must be a JSON object");
            }
            return node;
        } catch (java.io.IOException e) {
            throw new ValidationException("The request body is not valid JSON");
        }
    }

    private static RenderPreview.Request request(JsonNode in) {
        TemplateType type;
        try {
            type = TemplateType.valueOf(in.path("templateType").asText(""));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("templateType must be ENVIRONMENT or SERVICE");
        }
        String templateName = required(in, "templateName");
        int major = part(in, "majorVersion");
        int minor = part(in, "minorVersion");
        String name = required(in, "name");
        JsonNode spec = in.get("spec");
        Spec.Kind kind = type == TemplateType.ENVIRONMENT ? Spec.Kind.EnvironmentSpec : Spec.Kind.ServiceSpec;
        ObjectNode document;
        if (spec != null && spec.isTextual()) {
            document = Spec.parse(spec.asText(), kind);
        } else if (spec instanceof ObjectNode object) {
            document = object;
        } else {
            throw new ValidationException("spec must be a " + kind + " document, as text (YAML or JSON) or as an object");
        }
        Map<String, DeployedEnvironment> environments = new LinkedHashMap<>();
        in.path("environments").fields().forEachRemaining(e -> {
            Map<String, String> outputs = new LinkedHashMap<>();
            e.getValue().path("outputs").fields().forEachRemaining(o -> outputs.put(o.getKey(), o.getValue().asText()));
            environments.put(e.getKey(), new DeployedEnvironment(e.getKey(), e.getValue().path("accountId").asText(null), outputs));
        });
        JsonNode service = in.path("service");
        ServiceRef serviceRef = new ServiceRef(name, service.path("branchName").asText(null),
                service.path("repositoryConnectionArn").asText(null), service.path("repositoryId").asText(null));
        return new RenderPreview.Request(type, templateName, major, minor, name, document, environments, serviceRef);
    }

    private static String required(JsonNode in, String field) {
        String value = in.path(field).asText("");
        if (value.isBlank()) {
            throw new ValidationException(field + " is required");
        }
        return value;
    }

    private static int part(JsonNode in, String field) {
        String value = required(in, field);
        if (!value.matches("0|[1-9]\\d{0,8}")) {
            throw new ValidationException(field + " must be a version number such as 1");
        }
        return Integer.parseInt(value);
    }

    private static ArrayNode files(Map<String, String> files) {
        ArrayNode list = Json.array();
        files.forEach((path, content) -> list.add(Json.object().put("path", path).put("content", content)));
        return list;
    }
}
