package dev.pave.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Authenticates a SigV4-signed HTTP request (service {@code proton}) as the caller owning the access key. */
@ApplicationScoped
public class RequestSigning {

    @Inject
    IdentityService identity;

    /**
     * @param authority the request's host as received ({@code Host}, or {@code :authority} over HTTP/2)
     */
    public Caller authenticate(String method, URI requestUri, HttpHeaders headers, String authority, byte[] body) {
        Map<String, List<String>> lowerCased = new HashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> lowerCased.put(name.toLowerCase(Locale.ROOT), values));
        if (!lowerCased.containsKey("host") && authority != null) {
            lowerCased.put("host", List.of(authority));
        }
        SignedRequest request = new SignedRequest(method, requestUri.getRawPath(), requestUri.getRawQuery(), lowerCased,
                body == null ? new byte[0] : body);
        String accessKeyId = SigV4Verifier.verify(request, "proton", identity::secretOf, Instant.now());
        return identity.apiCaller(accessKeyId);
    }
}
