package dev.pave.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;

/**
 * Any page path no controller claims, so that it gets Pave's 404 page inside the layout ({@link ErrorPages}) instead
 * of the framework's bare "Resource not found". It shares "/" with the other root controllers, where a literal path
 * wins over its template; the folders served outside the REST layer (static files, webjars, Quarkus's /q) are left
 * to their own handlers.
 */
@Path("/")
public class UnknownPaths {

    @GET
    @Path("{path: (?!static/|webjars/|q/).+}")
    public void unknown() {
        throw new NotFoundException();
    }
}
