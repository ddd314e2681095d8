package dev.pave.api;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/** Raw Proton calls signed by the AWS SDK's own SigV4 signer, so tests can tamper with what was signed. */
final class SignedHttp {

    record Response(int status, String body) {
    }

    private final URI endpoint;

    SignedHttp(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Signs {@code signedBody} at {@code signedAt} with the key, then sends {@code sentBody}. */
    Response call(String operation, String signedBody, String sentBody, String keyId, String secret, Instant signedAt) throws Exception {
        return send(endpoint, "application/x-amz-json-1.0", "AwsProton20200720." + operation, signedBody, sentBody, keyId, secret, signedAt);
    }

    /** A signed JSON request to any of Pave's machine endpoints (e.g. the render preview). */
    Response json(String method, String path, String body, String keyId, String secret) throws Exception {
        return send(method, endpoint.resolve(path), "application/json", null, body, body, keyId, secret, Instant.now());
    }

    private Response send(URI uri, String contentType, String target, String signedBody, String sentBody, String keyId, String secret,
            Instant signedAt) throws Exception {
        return send("POST", uri, contentType, target, signedBody, sentBody, keyId, secret, signedAt);
    }

    private Response send(String method, URI uri, String contentType, String target, String signedBody, String sentBody, String keyId,
            String secret, Instant signedAt) throws Exception {
        SdkHttpFullRequest.Builder builder = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .uri(uri)
                .putHeader("Content-Type", contentType)
                .contentStreamProvider(() -> new ByteArrayInputStream(signedBody.getBytes(StandardCharsets.UTF_8)));
        if (target != null) {
            builder.putHeader("X-Amz-Target", target);
        }
        SdkHttpFullRequest unsigned = builder.build();
        Aws4SignerParams params = Aws4SignerParams.builder()
                .awsCredentials(AwsBasicCredentials.create(keyId, secret))
                .signingName("proton")
                .signingRegion(Region.US_EAST_1)
                .signingClockOverride(Clock.fixed(signedAt, ZoneOffset.UTC))
                .build();
        SdkHttpFullRequest signed = Aws4Signer.create().sign(unsigned, params);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.ofString(sentBody));
        for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("host")) {
                header.getValue().forEach(v -> request.header(header.getKey(), v));
            }
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }
}
