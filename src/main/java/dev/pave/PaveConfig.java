package dev.pave;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Pave's own settings, under {@code pave.} (environment: {@code PAVE_…}). */
@ConfigMapping(prefix = "pave")
public interface PaveConfig {

    /** Directory for the embedded database, keys and first-start secrets ({@code PAVE_HOME}, default {@code ~/.pave}). */
    String home();

    /** Region that appears in ARNs. */
    @WithDefault("us-east-1")
    String region();

    /** Account id that appears in ARNs. */
    @WithDefault("123456789012")
    String accountId();

    /** Base64 AES key that encrypts stored secrets; generated under {@code home} when absent. Set it when several replicas share a database. */
    Optional<String> secretKey();

    /** Password of the initial {@code admin} user at first start ({@code PAVE_ADMIN_PASSWORD}); generated when absent. */
    Optional<String> adminPassword();

    /** Initial admin API key id ({@code PAVE_ADMIN_ACCESS_KEY_ID}); generated and written to {@code home/credentials} when absent. */
    Optional<String> adminAccessKeyId();

    /** Initial admin API secret ({@code PAVE_ADMIN_SECRET_ACCESS_KEY}). */
    Optional<String> adminSecretAccessKey();

    /** Pave's own AWS calls (S3 bundles, CloudFormation). */
    Aws aws();

    /** Proton's adjustable quotas. */
    Quotas quotas();

    /** Sample templates shipped with Pave. */
    Samples samples();

    /** How SSO users become Pave users. */
    Oidc oidc();

    /** Where linked repositories are cloned from, by provider. */
    Git git();

    /** Template sync from linked repositories. */
    Sync sync();

    /** Who may change what. */
    Ownership ownership();

    interface Ownership {
        /** Only the owning team's members (and admins) change a resource; false: Proton's flat model, any developer. */
        @WithDefault("true")
        boolean enforce();
    }

    /** The outbox's deliveries to webhooks, Slack and EventBridge. */
    Notices notices();

    interface Notices {
        /** How often pending deliveries are looked for (a new notice also starts its delivery at once). */
        @WithDefault("2s")
        java.time.Duration poll();

        /** A failed delivery waits this long, doubled per attempt (at most an hour). */
        @WithDefault("10s")
        java.time.Duration retryBase();

        /** The attempts before a delivery is FAILED. */
        @WithDefault("10")
        int maxAttempts();

        /** How long an attempt holds its delivery; more than a send can take, so replicas never send it together. */
        @WithDefault("60s")
        java.time.Duration claim();

        /** Whether webhooks may go to loopback and private addresses (never to link-local ones). */
        @WithDefault("false")
        boolean privateAddresses();
    }

    /** Drift checks. */
    Drift drift();

    Campaigns campaigns();

    Approvals approvals();

    interface Approvals {
        /** Any user with the approver role may decide any approval, not only an approver of the owning team. */
        @WithDefault("false")
        boolean anyApprover();
    }

    interface Campaigns {
        /** How often a replica moves the campaigns it holds along (and takes up those whose lease lapsed). */
        @WithDefault("2s")
        java.time.Duration poll();

        /** How long a replica holds a campaign between polls: after a crash, another carries on once it lapses. */
        @WithDefault("30s")
        java.time.Duration lease();
    }

    interface Drift {
        /** How often every deployed resource is checked; one replica runs each round. */
        @WithDefault("6h")
        java.time.Duration interval();

        /** The first round, after start. */
        @WithDefault("5m")
        java.time.Duration firstDelay();
    }

    interface Sync {
        /** How often one replica looks at the synced branches (one ref lookup each; a changed branch is fetched). */
        @WithDefault("60s")
        java.time.Duration poll();

        /** The longest any one Git call (ref lookup, fetch) may take. */
        @WithDefault("120s")
        java.time.Duration gitTimeout();

        /** Repositories larger than this are refused (Proton: 250 MB). */
        @WithDefault("250")
        int maxRepositoryMegabytes();
    }

    /** Sweeps that clean up after crashes. */
    Recovery recovery();

    interface Recovery {
        /** How often one replica fails template registrations a crash cut off. */
        @WithDefault("5m")
        java.time.Duration every();
    }

    /** Who may scrape {@code /q/metrics}, and how fresh the queue meters are. */
    Metrics metrics();

    interface Metrics {
        /** The scrape token ({@code PAVE_METRICS_TOKEN}), sent as {@code Authorization: Bearer …}; without it only admins' sessions read metrics. */
        Optional<String> token();

        /** How often each replica reads the deployment queue for its gauges. */
        @WithDefault("5s")
        java.time.Duration queueEvery();
    }

    interface Git {
        /** Base URL of GITHUB repositories ({@code <base>/<owner>/<repo>.git}). */
        @WithDefault("https://github.com/")
        String githubUrl();

        /** Base URL of BITBUCKET repositories. */
        @WithDefault("https://bitbucket.org/")
        String bitbucketUrl();

        /** Base URL of GITHUB_ENTERPRISE repositories (your server); required to use them. */
        Optional<String> githubEnterpriseUrl();
    }

    interface Quotas {
        /** Environment and service templates together (Proton: 100). */
        @WithDefault("100")
        int templates();

        /** Versions of one template (Proton: 500). */
        @WithDefault("500")
        int versionsPerTemplate();

        /** Template files in one bundle (Proton documented 10; AWS's CodeBuild examples pack up to 34): see BundleQuotas. */
        @WithDefault("50")
        int bundleTemplateFiles();

        /** Bytes of one template file (Proton documented 200 KB; AWS's CDK examples carry 384 KB package-lock.json files). */
        @WithDefault("1048576")
        long bundleTemplateFileBytes();
    }

    interface Samples {
        /** Publish the shipped sample templates at first start, when the registry is empty. */
        @WithDefault("true")
        boolean load();
    }

    interface Oidc {
        /** The ID token claim whose values name Pave roles (platform-admin, developer, approver). */
        @WithDefault("groups")
        String rolesClaim();

        /**
         * The ID token claim whose values name the user's teams (a group "/team-a" or "team-a" is team team-a); when a
         * token carries it, the user's teams are exactly the existing teams it names. Unset: admins choose teams.
         */
        Optional<String> teamsClaim();

        /** Roles of SSO users whose token names none. */
        @WithDefault("developer")
        java.util.Set<String> defaultRoles();
    }

    interface Aws {
        /** Endpoint for every AWS service Pave calls (e.g. a local moto_server); else the SDK's own settings ({@code AWS_ENDPOINT_URL…}). */
        Optional<String> endpointUrl();
    }
}
