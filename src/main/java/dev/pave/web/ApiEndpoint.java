package dev.pave.web;

import dev.pave.PaveConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.net.URI;

/**
 * Where the AWS CLI and SDKs reach this Pave, for the instructions pages print: {@code {inject:api.url}} (as the
 * browser reached it, so a proxy's address when there is one) and {@code {inject:api.region}}.
 */
@RequestScoped
@Named("api")
public class ApiEndpoint {

    @Inject
    HttpServerRequest request;

    @Inject
    PaveConfig config;

    public String getUrl() {
        URI uri = URI.create(request.absoluteURI());
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    public String getRegion() {
        return config.region();
    }
}
