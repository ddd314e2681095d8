package dev.pave.api;

import dev.pave.error.PaveException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Proton's error body, {@code {"__type": …, "message": …}}, which Pave's JSON side doors answer with too. */
final class ApiErrors {

    private ApiErrors() {
    }

    static Response.ResponseBuilder of(int status, String type, String message, String contentType) {
        return Response.status(status).type(contentType).entity(Json.object().put("__type", type).put("message", message).toString());
    }

    static Response of(PaveException e) {
        return of(e.httpStatus(), e.type(), e.getMessage(), MediaType.APPLICATION_JSON).build();
    }
}
