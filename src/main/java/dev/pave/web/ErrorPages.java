package dev.pave.web;

import dev.pave.error.DatabaseRefusals;
import dev.pave.error.PaveException;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Pages for what a controller does not show inline: a missing resource, a missing role, a refusal outside a
 * form. The Proton API door answers its own errors in Proton's JSON shape, so these only ever reach browsers.
 */
public class ErrorPages {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(String title, String message);
    }

    @ServerExceptionMapper
    public Response refused(PaveException e) {
        String title = switch (e.httpStatus()) {
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 409 -> "Conflict";
            default -> "Cannot do that";
        };
        return page(e.httpStatus(), title, e.getMessage());
    }

    /**
     * What PostgreSQL refused because of the request (a NUL in a form field, a name taken by a concurrent request) is
     * the caller's error; anything else from the database is Pave's, logged with its cause and shown without it.
     */
    @ServerExceptionMapper({PersistenceException.class, QuarkusTransactionException.class})
    public Response database(RuntimeException e) {
        return DatabaseRefusals.of(e).map(this::refused).orElseGet(() -> {
            LOG.error("a page's request failed in the database", e);
            return page(500, "Something went wrong", "Pave could not finish this request; its log says why.");
        });
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return page(403, "Not allowed", "Your roles do not allow this page.");
    }

    /** A path no page answers, under a feature's path or not (see {@link UnknownPaths}). */
    @ServerExceptionMapper
    public Response unknown(NotFoundException e) {
        return page(404, "Not found", "There is no page at this address. It may have moved, or the link may be mistyped.");
    }

    /** Pave's error page in the layout, for the mappers here and the request filters that refuse before a controller. */
    static Response page(int status, String title, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(Templates.error(title, message)).build();
    }
}
