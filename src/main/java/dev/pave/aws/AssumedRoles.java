package dev.pave.aws;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Pave in another AWS account: clients and credentials of a role there (an environment account connection's),
 * assumed with STS from Pave's own credentials and refreshed before they expire.
 */
@ApplicationScoped
public class AssumedRoles {

    private final AwsClients clients;
    private final StsClient sts;
    private final Map<String, StsAssumeRoleCredentialsProvider> providers = new ConcurrentHashMap<>();
    private final Map<String, CloudFormationClient> cloudFormations = new ConcurrentHashMap<>();

    AssumedRoles(AwsClients clients) {
        this.clients = clients;
        this.sts = clients.configure(StsClient.builder()).build();
    }

    /** CloudFormation in the role's account, called as the role. */
    public CloudFormationClient cloudFormation(String roleArn) {
        return cloudFormations.computeIfAbsent(roleArn, role -> clients.configure(CloudFormationClient.builder())
                .credentialsProvider(provider(role)).build());
    }

    /** The role's temporary credentials as the AWS CLI and SDKs read them from a process's environment. */
    public Map<String, String> environment(String roleArn) {
        AwsCredentials credentials = provider(roleArn).resolveCredentials();
        String token = credentials instanceof AwsSessionCredentials session ? session.sessionToken() : "";
        return Map.of("AWS_ACCESS_KEY_ID", credentials.accessKeyId(), "AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey(),
                "AWS_SESSION_TOKEN", token);
    }

    private StsAssumeRoleCredentialsProvider provider(String roleArn) {
        return providers.computeIfAbsent(roleArn, role -> StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> r.roleArn(role).roleSessionName("pave").durationSeconds(3600)).build());
    }

    @PreDestroy
    void close() {
        cloudFormations.values().forEach(CloudFormationClient::close);
        providers.values().forEach(StsAssumeRoleCredentialsProvider::close);
        sts.close();
    }
}
