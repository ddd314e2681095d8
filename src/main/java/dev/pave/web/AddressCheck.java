package dev.pave.web;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses (400) an address holding a NUL character, encoded or not, before any page reads it: PostgreSQL can't
 * compare text with NUL in it, so a name or search text with one would otherwise end in a server error.
 */
public class AddressCheck {

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(HttpServerRequest http) {
        String uri = http.uri();
        if (uri.indexOf('\0') < 0 && !uri.toLowerCase(Locale.ROOT).contains("%00")) {
            return Optional.empty();
        }
        return Optional.of(ErrorPages.page(400, "Not a valid address", "The address holds a NUL character, which no name or text in Pave can have."));
    }
}
