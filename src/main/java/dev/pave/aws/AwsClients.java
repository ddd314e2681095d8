package dev.pave.aws;

import dev.pave.PaveConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Pave's own AWS clients. Credentials, region and endpoints come from the SDK's standard chain
 * ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_S3}, …), so pointing Pave at a local moto_server needs no
 * Pave setting; {@code pave.aws.endpoint-url} overrides them all when set.
 */
@ApplicationScoped
public class AwsClients {

    private final PaveConfig config;

    AwsClients(PaveConfig config) {
        this.config = config;
    }

    @Produces
    @ApplicationScoped
    S3Client s3() {
        boolean local = config.aws().endpointUrl().isPresent() || env("AWS_ENDPOINT_URL_S3").or(() -> env("AWS_ENDPOINT_URL")).isPresent();
        // emulators answer on one host name, so buckets go in the path rather than the host name
        return configure(S3Client.builder()).forcePathStyle(local).build();
    }

    @Produces
    @ApplicationScoped
    CloudFormationClient cloudFormation() {
        return configure(CloudFormationClient.builder()).build();
    }

    /** Notices' way out to Amazon EventBridge (PutEvents to a configured bus). */
    @Produces
    @ApplicationScoped
    EventBridgeClient eventBridge() {
        return configure(EventBridgeClient.builder()).build();
    }

    /** Campaigns' health gates read alarm states. */
    @Produces
    @ApplicationScoped
    CloudWatchClient cloudWatch() {
        return configure(CloudWatchClient.builder()).build();
    }

    void close(@Disposes CloudWatchClient client) {
        client.close();
    }

    void close(@Disposes EventBridgeClient client) {
        client.close();
    }

    void close(@Disposes S3Client client) {
        client.close();
    }

    void close(@Disposes CloudFormationClient client) {
        client.close();
    }

    <B extends AwsClientBuilder<B, ?> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        builder.region(region());
        config.aws().endpointUrl().map(URI::create).ifPresent(builder::endpointOverride);
        return builder;
    }

    private Region region() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (RuntimeException noRegionConfigured) {
            return Region.of(config.region());
        }
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).or(() -> Optional.ofNullable(System.getProperty(name))).filter(s -> !s.isBlank());
    }
}
