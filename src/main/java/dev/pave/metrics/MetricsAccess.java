package dev.pave.metrics;

import dev.pave.PaveConfig;
import dev.pave.identity.Role;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may read {@code /q/metrics}: a scraper presenting {@code Authorization: Bearer <pave.metrics.token>}, or a
 * platform admin's browser session. The metrics name templates, environments' counts and Pave's load, which is more
 * than a developer needs and nothing an anonymous caller should see.
 */
@ApplicationScoped
public class MetricsAccess implements HttpSecurityPolicy {

    public static final String NAME = "pave-metrics";
    private static final String BEARER = "Bearer ";

    @Inject
    PaveConfig config;

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity, AuthorizationRequestContext context) {
        if (scraper(request.request().getHeader("Authorization"))) {
            return Uni.createFrom().item(CheckResult.PERMIT);
        }
        return identity.map(who -> who.hasRole(Role.PLATFORM_ADMIN.id) ? CheckResult.PERMIT : CheckResult.DENY);
    }

    private boolean scraper(String authorization) {
        Optional<String> token = config.metrics().token();
        if (token.isEmpty() || token.get().isBlank() || authorization == null || !authorization.startsWith(BEARER)) {
            return false;
        }
        return MessageDigest.isEqual(token.get().getBytes(StandardCharsets.UTF_8),
                authorization.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String name() {
        return NAME;
    }
}
