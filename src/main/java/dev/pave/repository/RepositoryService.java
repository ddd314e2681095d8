package dev.pave.repository;

import dev.pave.Arns;
import dev.pave.PaveConfig;
import dev.pave.error.ConflictException;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ValidationException;
import dev.pave.identity.AuditLog;
import dev.pave.identity.Caller;
import dev.pave.identity.Role;
import dev.pave.identity.SecretBox;
import dev.pave.tag.TagService;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Linked repositories. Proton reaches them through CodeStar connections; Pave clones from the provider's URL
 * (configurable per provider, or set per repository) and pushes with a token kept encrypted, which only platform
 * admins set and which is decrypted only when a provisioner needs it — never stored on a deployment.
 */
@ApplicationScoped
@Transactional
public class RepositoryService {

    /** Where and how to reach a repository, resolved when a provisioner needs it. */
    public record Access(String url, String token) {
    }

    @Inject
    AuditLog audit;

    @Inject
    TagService tags;

    @Inject
    SecretBox secrets;

    @Inject
    Arns arns;

    @Inject
    PaveConfig config;

    public GitRepository create(Caller caller, String provider, String name, String connectionArn, String encryptionKey, Map<String, String> tagMap) {
        caller.require(Role.PLATFORM_ADMIN);
        if (List.of(name.split("/", -1)).stream().anyMatch(part -> part.isEmpty() || part.equals(".") || part.equals(".."))) {
            // it becomes a path of the clone URL, where a ".." would point at another repository
            throw new ValidationException(ValidationException.Problem.about("name", "name must be owner/repository, without empty, . or .. parts"));
        }
        if (GitRepository.find(provider, name).isPresent()) {
            throw new ConflictException("Repository " + provider + "/" + name + " is already linked");
        }
        GitRepository r = new GitRepository();
        r.provider = provider;
        r.name = name;
        r.connectionArn = connectionArn;
        r.encryptionKey = encryptionKey;
        r.createdAt = Instant.now();
        r.persist();
        tags.tag(caller, arn(r), tagMap);
        audit.record(caller, "CreateRepository", provider + "/" + name, null);
        return r;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public GitRepository repository(Caller caller, String provider, String name) {
        caller.requireAnyRole();
        return GitRepository.find(provider, name).orElseThrow(
                () -> new ResourceNotFoundException("The repository " + provider + "/" + name + " was not found"));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<GitRepository> repositories(Caller caller, int offset, int limit) {
        caller.requireAnyRole();
        return GitRepository.findAll(Sort.by("provider").and("name")).range(offset, offset + limit - 1).list();
    }

    /** The linked repositories as pages offer them, "PROVIDER/name". */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> choices(Caller caller) {
        return repositories(caller, 0, 1000).stream().map(r -> r.provider + "/" + r.name).toList();
    }

    public GitRepository delete(Caller caller, String provider, String name) {
        caller.require(Role.PLATFORM_ADMIN);
        GitRepository r = repository(caller, provider, name);
        tags.untagAll(arn(r));
        r.delete();
        audit.record(caller, "DeleteRepository", provider + "/" + name, null);
        return r;
    }

    /** Where Pave clones a repository from, the token it authenticates with, the secret its webhooks carry; null keeps one as it is, "" removes it. */
    public record AccessChange(String url, String token, String webhookSecret) {
    }

    /** Sets where Pave clones from, the token it pushes with and the webhook secret. */
    public GitRepository setAccess(Caller caller, String provider, String name, AccessChange change) {
        String url = change.url();
        String token = change.token();
        caller.require(Role.PLATFORM_ADMIN);
        GitRepository r = repository(caller, provider, name);
        if (url != null) {
            if (!url.matches("(?i)(https://|file:/).+")) {
                throw new ValidationException(ValidationException.Problem.about("url", "url must be an https:// or file:// Git URL"));
            }
            r.url = url;
        }
        if (token != null) {
            r.tokenEncrypted = token.isEmpty() ? null : secrets.seal(token);
        }
        if (change.webhookSecret() != null) {
            if (!change.webhookSecret().isEmpty() && change.webhookSecret().length() < 16) {
                throw new ValidationException(ValidationException.Problem.about("webhookSecret",
                        "webhookSecret must be at least 16 characters (or empty to remove it)"));
            }
            r.webhookSecretEncrypted = change.webhookSecret().isEmpty() ? null : secrets.seal(change.webhookSecret());
        }
        List<String> changed = new java.util.ArrayList<>();
        if (url != null) {
            changed.add("url");
        }
        if (token != null) {
            changed.add("token");
        }
        if (change.webhookSecret() != null) {
            changed.add("webhook secret");
        }
        audit.record(caller, "SetRepositoryAccess", provider + "/" + name, String.join(", ", changed));
        return r;
    }

    /**
     * Whether a push webhook for the repository is genuine: signed with (or, GitLab's way, carrying) the secret an
     * admin set. A repository without a secret accepts no webhook. Callers learn only yes or no.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean genuineWebhook(String provider, String name, byte[] body, WebhookSignature signature) {
        return GitRepository.find(provider, name).filter(r -> r.webhookSecretEncrypted != null)
                .map(r -> signature.proves(secrets.open(r.webhookSecretEncrypted), body)).orElse(false);
    }

    /** How a provisioner reaches a linked repository; the token comes back decrypted, for that moment only. */
    public Access access(String provider, String name) {
        GitRepository r = GitRepository.find(provider, name).orElseThrow(() -> new ValidationException(
                "Repository " + provider + "/" + name + " is not linked: link it with CreateRepository first"));
        String url = r.url != null ? r.url : defaultUrl(r);
        return new Access(url, r.tokenEncrypted == null ? null : secrets.open(r.tokenEncrypted));
    }

    public String arn(GitRepository r) {
        return arns.of("repository", r.provider.toLowerCase() + ":" + r.name);
    }

    /** Where Pave clones the repository from: its own URL, else the provider's default; empty when it has neither. */
    public Optional<String> cloneUrl(GitRepository r) {
        if (r.url != null) {
            return Optional.of(r.url);
        }
        try {
            return Optional.of(defaultUrl(r));
        } catch (ValidationException e) {
            return Optional.empty();
        }
    }

    private String defaultUrl(GitRepository r) {
        Optional<String> base = switch (r.provider) {
            case "GITHUB" -> Optional.of(config.git().githubUrl());
            case "BITBUCKET" -> Optional.of(config.git().bitbucketUrl());
            default -> config.git().githubEnterpriseUrl();
        };
        String prefix = base.orElseThrow(() -> new ValidationException("Repository " + r.provider + "/" + r.name
                + " has no clone URL: set PAVE_GIT_GITHUB_ENTERPRISE_URL or the repository's own URL"));
        return (prefix.endsWith("/") ? prefix : prefix + "/") + r.name + ".git";
    }
}
