package dev.pave.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.FetchType;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** A person or robot. Local users have a password hash; OIDC users have a subject instead. */
@Entity
@Table(name = "app_user")
public class User extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String username;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "oidc_subject")
    public String oidcSubject;

    /** Comma-separated role ids, e.g. {@code platform-admin,developer}. */
    public String roles;

    @Column(name = "must_change_password")
    public boolean mustChangePassword;

    public boolean disabled;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Sessions issued under an older generation are over; see {@link WebSessions#revokeAll}. */
    @Column(name = "session_generation")
    public int sessionGeneration;

    /** The teams the user belongs to (read with every sign-in and API call); SSO users' follow their token's teams claim. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "team_member", joinColumns = @JoinColumn(name = "user_id"))
    @Column(name = "team")
    public Set<String> teams = new HashSet<>();

    /** Neither a password nor an SSO subject: it only calls the API with its access keys. */
    public boolean robot() {
        return passwordHash == null && oidcSubject == null;
    }

    public static Optional<User> findByUsername(String username) {
        return find("username", username).firstResultOptional();
    }

    public Set<Role> roleSet() {
        if (disabled || roles == null || roles.isBlank()) {
            return Set.of();
        }
        Set<Role> set = EnumSet.noneOf(Role.class);
        Arrays.stream(roles.split(",")).map(String::trim).map(Role::byId).flatMap(Optional::stream).forEach(set::add);
        return set;
    }

    public void setRoles(Set<Role> set) {
        roles = set.stream().sorted().map(r -> r.id).collect(Collectors.joining(","));
    }
}
