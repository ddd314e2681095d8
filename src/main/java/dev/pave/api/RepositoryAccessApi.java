package dev.pave.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.error.PaveException;
import dev.pave.error.ValidationException;
import dev.pave.identity.Caller;
import dev.pave.repository.RepositoryService;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code PUT /api/v1/repositories/{provider}/{name}/access} with {@code {"url": …, "token": …, "webhookSecret": …}}:
 * where Pave clones a linked repository from, the token it authenticates with, and the secret its push webhooks
 * carry (Proton kept these in CodeStar connections, which Pave does not have). Platform admins only; the token and
 * the secret are stored encrypted and never shown again.
 */
@Path("/api/v1/repositories/{provider}/{name: .+}/access")
public class RepositoryAccessApi {

    @Inject
    RepositoryService repositories;

    @Inject
    MachineCallers callers;

    @Inject
    ObjectMapper mapper;

    @PUT
    @Consumes(MediaType.WILDCARD)
    public Response set(@PathParam("provider") String provider, @PathParam("name") String name, byte[] body,
            @Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServerRequest http) {
        try {
            Caller caller = callers.resolve("PUT", body, headers, uri, http);
            if (headers.getMediaType() == null || !headers.getMediaType().isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                throw new ValidationException("Send Content-Type: application/json");
            }
            JsonNode in;
            try {
                in = mapper.readTree(body);
            } catch (java.io.IOException e) {
                throw new ValidationException("The request body is not valid JSON");
            }
            repositories.setAccess(caller, provider, name, new RepositoryService.AccessChange(in.path("url").asText(null),
                    in.path("token").asText(null), in.path("webhookSecret").asText(null)));
            return Response.noContent().build();
        } catch (PaveException e) {
            return ApiErrors.of(e);
        }
    }
}
