package dev.pave.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.error.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;

/**
 * The JSON body of a write to Pave's REST endpoints. Only {@code application/json} is taken: a browser cannot send it
 * cross-site without asking first, which keeps these doors CSRF-safe beside the token check.
 */
@ApplicationScoped
public class JsonBodies {

    @Inject
    ObjectMapper mapper;

    /** The body as a JSON object; an empty body is an empty object. */
    public JsonNode object(byte[] body, HttpHeaders headers) {
        if (headers.getMediaType() == null || !headers.getMediaType().isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            throw new ValidationException("Send Content-Type: application/json");
        }
        if (body == null || body.length == 0) {
            return mapper.createObjectNode();
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.isObject()) {
                throw new ValidationException("The request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new ValidationException("The request body is not valid JSON");
        }
    }
}
