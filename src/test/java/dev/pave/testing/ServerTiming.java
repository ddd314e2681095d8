package dev.pave.testing;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Tests only: every answer says how long the server spent on it, from the first route (before authentication) to
 * the moment its headers go out, which for a rendered page is when its whole body is ready ({@code Server-Timing:
 * app;dur=12.3}). The portal bench reads it, so its figures leave out the client and the loopback.
 */
@ApplicationScoped
public class ServerTiming {

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(rc -> {
            long start = System.nanoTime();
            rc.addHeadersEndHandler(v -> rc.response().putHeader("Server-Timing",
                    String.format(java.util.Locale.ROOT, "app;dur=%.2f", (System.nanoTime() - start) / 1e6)));
            rc.next();
        });
    }
}
