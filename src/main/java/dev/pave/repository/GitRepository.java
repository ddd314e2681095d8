package dev.pave.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** A linked Git repository (Proton's Repository), with where Pave clones it from and the token it pushes with. */
@Entity
@Table(name = "git_repository")
public class GitRepository extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String provider;

    public String name;

    @Column(name = "connection_arn")
    public String connectionArn;

    @Column(name = "encryption_key")
    public String encryptionKey;

    /** Clone URL when it is not the provider's default (e.g. a self-hosted server, or file:// for local use). */
    public String url;

    @Column(name = "token_encrypted")
    public byte[] tokenEncrypted;

    /** What push webhooks prove themselves with; encrypted, set by admins, never shown. */
    @Column(name = "webhook_secret_encrypted")
    public byte[] webhookSecretEncrypted;

    @Column(name = "created_at")
    public Instant createdAt;

    public static Optional<GitRepository> find(String provider, String name) {
        return find("provider = ?1 and name = ?2", provider, name).firstResultOptional();
    }
}
