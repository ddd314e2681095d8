package dev.pave.testing;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.proton.ProtonClient;

/** The AWS SDK's Proton client pointed at Pave, signing with the admin key; and a small poller. */
public final class ProtonClients {

    private ProtonClients() {
    }

    public static ProtonClient admin(URL pave) {
        return as(pave, PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
    }

    /** A client signing with another user's access key. */
    public static ProtonClient as(URL pave, String accessKeyId, String secretAccessKey) {
        return ProtonClient.builder()
                .endpointOverride(URI.create(pave.toString()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** Polls until {@code value} equals {@code expected} (20 s at most) and returns the last value seen. */
    public static <T> T await(Supplier<T> value, T expected) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        T last = value.get();
        while (!expected.equals(last) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            last = value.get();
        }
        if (!expected.equals(last)) {
            throw new AssertionError("expected " + expected + " within 20 s, still " + last);
        }
        return last;
    }
}
