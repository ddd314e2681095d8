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
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", "AwsProton20200720." + operation)
                .contentStreamProvider(() -> new ByteArrayInputStream(signedBody.getBytes(StandardCharsets.UTF_8)))
                .build();
        Aws4SignerParams params = Aws4SignerParams.builder()
                .awsCredentials(AwsBasicCredentials.create(keyId, secret))
                .signingName("proton")
                .signingRegion(Region.US_EAST_1)
                .signingClockOverride(Clock.fixed(signedAt, ZoneOffset.UTC))
                .build();
        SdkHttpFullRequest signed = Aws4Signer.create().sign(unsigned, params);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofString(sentBody));
        for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("host")) {
                header.getValue().forEach(v -> request.header(header.getKey(), v));
            }
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }
}
