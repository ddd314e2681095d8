package dev.pave.api;

import dev.pave.testing.PaveTestResource;
import java.net.URI;

/** Signed JSON calls to Pave's machine endpoints as the test admin, for tests outside this package. */
public final class SignedHttpAccess {

    public record Response(int status, String body) {
    }

    private SignedHttpAccess() {
    }

    public static Response post(URI pave, String path, String body) throws Exception {
        return call("POST", pave, path, body);
    }

    public static Response get(URI pave, String path) throws Exception {
        return call("GET", pave, path, "");
    }

    public static Response put(URI pave, String path, String body) throws Exception {
        return call("PUT", pave, path, body);
    }

    private static Response call(String method, URI pave, String path, String body) throws Exception {
        SignedHttp.Response r = new SignedHttp(pave).json(method, path, body, PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        return new Response(r.status(), r.body());
    }
}
