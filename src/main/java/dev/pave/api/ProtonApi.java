package dev.pave.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.error.DatabaseRefusals;
import dev.pave.error.PaveException;
import dev.pave.identity.Caller;
import dev.pave.identity.RequestSigning;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The machine door: AWS Proton's JSON 1.0 protocol ({@code POST /} with {@code X-Amz-Target:
 * AwsProton20200720.<Operation>}), SigV4-signed with keys Pave issued. It checks the signature, validates the
 * input against Proton's model and hands it to the feature's operation; no business rule lives here.
 */
@Path("/")
public class ProtonApi {

    public static final String TARGET_PREFIX = "AwsProton20200720.";
    public static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final Logger LOG = Logger.getLogger(ProtonApi.class);

    private final Map<String, ApiOperation> operations = new HashMap<>();

    @Inject
    ProtonModel model;

    @Inject
    RequestSigning signing;

    @Inject
    ObjectMapper mapper;

    @Inject
    MeterRegistry registry;

    @Inject
    ProtonApi(Instance<ApiOperations> groups) {
        groups.forEach(g -> operations.putAll(g.operations()));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response call(byte[] body, @Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServerRequest http) {
        long started = System.nanoTime();
        String target = headers.getHeaderString("X-Amz-Target");
        String operation = target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : null;
        Response response = answer(operation, target, body, headers, uri, http);
        String error = response.getHeaderString("x-amzn-ErrorType");
        // unknown names are one tag value: a caller must not be able to grow the metrics without bound
        Timer.builder("pave.api.requests").description("Proton API calls by operation and outcome (ok or the error type)")
                .tag("operation", operation != null && model.hasOperation(operation) ? operation : "unknown")
                .tag("outcome", error == null ? "ok" : error).register(registry).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return response;
    }

    private Response answer(String operation, String target, byte[] body, HttpHeaders headers, UriInfo uri, HttpServerRequest http) {
        String requestId = UUID.randomUUID().toString();
        try {
            Caller caller = signing.authenticate("POST", uri.getRequestUri(), headers, http.host(), body);
            ApiOperation handler = operation == null ? null : operations.get(operation);
            if (handler == null) {
                String what = operation != null && model.hasOperation(operation) ? "is not implemented by Pave yet" : "is not a Proton operation";
                return error(requestId, 400, "UnknownOperationException",
                        "Operation " + (target == null ? "(no X-Amz-Target header)" : "'" + target + "'") + " " + what);
            }
            ObjectNode input = parse(body);
            List<String> problems = model.validateInput(operation, input);
            if (!problems.isEmpty()) {
                return error(requestId, 400, "ValidationException", problems.size() + " validation error"
                        + (problems.size() == 1 ? "" : "s") + " detected: " + String.join("; ", problems));
            }
            JsonNode output = handler.handle(caller, input);
            return Response.ok(mapper.writeValueAsBytes(output == null ? Json.object() : output), CONTENT_TYPE)
                    .header("x-amzn-RequestId", requestId).build();
        } catch (PaveException e) {
            return error(requestId, e.httpStatus(), e.type(), e.getMessage());
        } catch (MalformedBody e) {
            return error(requestId, 400, "SerializationException", e.getMessage());
        } catch (RuntimeException | JsonProcessingException e) {
            var refused = DatabaseRefusals.of(e);
            if (refused.isPresent()) {
                return error(requestId, refused.get().httpStatus(), refused.get().type(), refused.get().getMessage());
            }
            LOG.errorf(e, "request %s (%s) failed", requestId, target);
            return error(requestId, 500, "InternalServerException", "Pave failed to process the request; request id " + requestId);
        }
    }

    private ObjectNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return Json.object();
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isNull()) {
                return Json.object();
            }
            if (!node.isObject()) {
                throw new MalformedBody("The request body must be a JSON object");
            }
            return (ObjectNode) node;
        } catch (java.io.IOException e) {
            throw new MalformedBody("The request body is not valid JSON");
        }
    }

    private Response error(String requestId, int status, String type, String message) {
        return ApiErrors.of(status, type, message, CONTENT_TYPE).header("x-amzn-RequestId", requestId).header("x-amzn-ErrorType", type).build();
    }

    private static final class MalformedBody extends RuntimeException {
        MalformedBody(String message) {
            super(message);
        }
    }
}
