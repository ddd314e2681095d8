package dev.pave.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** An API access key pair. The secret is kept encrypted (SigV4 needs it back); it is shown once, at creation. */
@Entity
@Table(name = "access_key")
public class AccessKey extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "access_key_id")
    public String accessKeyId;

    @Column(name = "secret_encrypted")
    public byte[] secretEncrypted;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "user_id")
    public User user;

    public String description;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    public static Optional<AccessKey> findActive(String accessKeyId) {
        return find("accessKeyId = ?1 and revokedAt is null", accessKeyId).firstResultOptional();
    }
}
