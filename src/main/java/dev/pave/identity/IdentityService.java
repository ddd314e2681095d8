package dev.pave.identity;

import dev.pave.error.AccessDeniedException;
import dev.pave.error.ConflictException;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ValidationException;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

/** Users, passwords and API access keys. */
@ApplicationScoped
@Transactional
public class IdentityService {

    /** The secret half of a new key: returned once, never again. */
    public record NewAccessKey(String accessKeyId, String secretAccessKey) {
    }

    @Inject
    SecretBox secrets;

    @Inject
    WebSessions sessions;

    @Inject
    AuditLog audit;

    @Inject
    Event<PasswordChanged> passwordChanged;

    /** A user chose a new password of their own (fired inside the change's transaction). */
    public record PasswordChanged(String username) {
    }

    /** Runs in its own transaction: login providers call it from worker threads with no request context. */
    public Optional<User> user(String username) {
        return User.findByUsername(username);
    }

    /**
     * The caller Pave acts as when it carries out later what a user asked for (an approved update, a campaign): that
     * user with the roles and teams they have now.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Caller actingFor(String username) {
        return User.findByUsername(username).filter(u -> !u.disabled).map(u -> Caller.of(u, Door.SYSTEM)).orElseThrow(() -> new AccessDeniedException(
                "User " + username + ", who asked for it, no longer exists or is disabled"));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<User> users() {
        return User.listAll(io.quarkus.panache.common.Sort.by("username"));
    }

    public User createLocalUser(Caller caller, String username, String password, Set<Role> roles, boolean mustChangePassword) {
        caller.require(Role.PLATFORM_ADMIN);
        checkNewUsername(username);
        PasswordPolicy.check(username, password);
        User user = newUser(username, roles);
        user.passwordHash = BcryptUtil.bcryptHash(password);
        user.mustChangePassword = mustChangePassword;
        user.persist();
        audit.record(caller, "CreateUser", username, "roles=" + user.roles);
        return user;
    }

    /** A robot: an account for CI and other programs, with roles and access keys but no password, so it never signs in. */
    public User createRobot(Caller caller, String username, Set<Role> roles) {
        caller.require(Role.PLATFORM_ADMIN);
        checkNewUsername(username);
        User user = newUser(username, roles);
        user.persist();
        audit.record(caller, "CreateRobot", username, "roles=" + user.roles);
        return user;
    }

    /**
     * A disabled user can neither sign in nor call the API (its keys stop verifying); enabling restores both, but not
     * the sessions the user had: disabling ended them for good.
     */
    public User setDisabled(Caller caller, String username, boolean disabled) {
        caller.require(Role.PLATFORM_ADMIN);
        if (caller.username().equals(username)) {
            throw new ValidationException("you cannot disable or enable yourself");
        }
        User user = User.findByUsername(username).orElseThrow(() -> new ResourceNotFoundException("no user " + username));
        user.disabled = disabled;
        if (disabled) {
            sessions.revokeAll(user);
        }
        audit.record(caller, disabled ? "DisableUser" : "EnableUser", username, null);
        return user;
    }

    /** New roles take effect on the user's next request; an admin can't take platform-admin from themselves. */
    public User setRoles(Caller caller, String username, Set<Role> roles) {
        caller.require(Role.PLATFORM_ADMIN);
        User user = User.findByUsername(username).orElseThrow(() -> new ResourceNotFoundException("no user " + username));
        if (roles.isEmpty()) {
            throw new ValidationException("choose at least one role");
        }
        if (caller.username().equals(username) && !roles.contains(Role.PLATFORM_ADMIN)) {
            throw new ValidationException("you cannot take platform-admin from yourself; another admin can");
        }
        String before = user.roles;
        user.setRoles(roles);
        audit.record(caller, "SetRoles", username, before + " -> " + user.roles);
        return user;
    }

    /**
     * A new random password for a person who signs in with one, returned once: they must replace it at their next
     * sign-in, and every session they had ends.
     */
    public String resetPassword(Caller caller, String username) {
        caller.require(Role.PLATFORM_ADMIN);
        User user = User.findByUsername(username).orElseThrow(() -> new ResourceNotFoundException("no user " + username));
        if (user.passwordHash == null) {
            throw new ValidationException(username + " has no password to reset: " + (user.oidcSubject != null
                    ? "they sign in through SSO" : "a robot uses access keys only"));
        }
        String password = SecretBox.randomToken(15);
        user.passwordHash = BcryptUtil.bcryptHash(password);
        user.mustChangePassword = true;
        sessions.revokeAll(user);
        audit.record(caller, "ResetPassword", username, null);
        return password;
    }

    /** The team every new user joins until an admin or their SSO groups say otherwise (dev.pave.team.Team.DEFAULT). */
    static final String DEFAULT_TEAM = "default";

    private static void checkNewUsername(String username) {
        if (username == null || !username.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")) {
            throw new ValidationException("username must be 1-64 letters, digits, '.', '_', '@' or '-'");
        }
        if (User.findByUsername(username).isPresent()) {
            throw new ConflictException("user " + username + " already exists");
        }
    }

    private static User newUser(String username, Set<Role> roles) {
        User user = new User();
        user.username = username;
        user.displayName = username;
        user.setRoles(roles);
        user.teams.add(DEFAULT_TEAM);
        user.createdAt = Instant.now();
        return user;
    }

    /**
     * Checks a login; a disabled or unknown user and a wrong password look the same to the caller, and take as long:
     * without a hash of their own they are checked against a dummy one.
     */
    public Optional<User> authenticate(String username, char[] password) {
        Optional<User> user = User.findByUsername(username).filter(u -> !u.disabled && u.passwordHash != null);
        boolean right = matches(user.map(u -> u.passwordHash).orElse(DummyHash.VALUE), password);
        return right ? user : Optional.empty();
    }

    public void changePassword(Caller caller, String currentPassword, String newPassword) {
        User user = User.findByUsername(caller.username()).orElseThrow(() -> new ResourceNotFoundException("no user " + caller.username()));
        if (user.passwordHash == null || !matches(user.passwordHash, currentPassword.toCharArray())) {
            throw new ValidationException(ValidationException.Problem.about("current", "The current password is wrong."));
        }
        if (newPassword.equals(currentPassword)) {
            throw new ValidationException(ValidationException.Problem.about("new", "The new password must differ from the current one."));
        }
        PasswordPolicy.check(user.username, newPassword);
        user.passwordHash = BcryptUtil.bcryptHash(newPassword);
        user.mustChangePassword = false;
        // whoever holds a copy of an old session cookie is out; the browser that changed it gets a new session
        sessions.revokeAll(user);
        audit.record(caller, "ChangePassword", user.username, null);
        passwordChanged.fire(new PasswordChanged(user.username));
    }

    public NewAccessKey createAccessKey(Caller caller, String owner, String description) {
        if (!caller.username().equals(owner)) {
            caller.require(Role.PLATFORM_ADMIN);
        }
        User user = User.findByUsername(owner).orElseThrow(() -> new ResourceNotFoundException("no user " + owner));
        NewAccessKey key = new NewAccessKey("PAVE" + randomUpper(16), SecretBox.randomSecretKey());
        store(user, key, description);
        audit.record(caller, "CreateAccessKey", owner + "/" + key.accessKeyId(), description);
        return key;
    }

    /** Stores a key pair chosen outside Pave (the initial admin key from the environment). */
    void importAccessKey(Caller caller, User user, NewAccessKey key, String description) {
        if (AccessKey.find("accessKeyId", key.accessKeyId()).firstResultOptional().isPresent()) {
            return;
        }
        store(user, key, description);
        audit.record(caller, "CreateAccessKey", user.username + "/" + key.accessKeyId(), description);
    }

    public void revokeAccessKey(Caller caller, String accessKeyId) {
        AccessKey key = AccessKey.findActive(accessKeyId).orElseThrow(() -> new ResourceNotFoundException("no active access key " + accessKeyId));
        if (!caller.username().equals(key.user.username)) {
            caller.require(Role.PLATFORM_ADMIN);
        }
        key.revokedAt = Instant.now();
        audit.record(caller, "RevokeAccessKey", key.user.username + "/" + accessKeyId, null);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AccessKey> accessKeys(Caller caller) {
        if (caller.has(Role.PLATFORM_ADMIN)) {
            return AccessKey.list("revokedAt is null order by user.username, createdAt");
        }
        return AccessKey.list("revokedAt is null and user.username = ?1 order by createdAt", caller.username());
    }

    /** The caller behind a verified API key, with its user's current roles. */
    public Caller apiCaller(String accessKeyId) {
        AccessKey key = AccessKey.findActive(accessKeyId).orElseThrow(
                () -> new dev.pave.error.AccessDeniedException("The security token included in the request is invalid"));
        Instant now = Instant.now();
        if (key.lastUsedAt == null || key.lastUsedAt.isBefore(now.minusSeconds(60))) {
            key.lastUsedAt = now; // coarse, so a busy robot does not write on every call
        }
        return Caller.of(key.user, Door.API);
    }

    public Optional<String> secretOf(String accessKeyId) {
        return AccessKey.findActive(accessKeyId).filter(k -> !k.user.disabled).map(k -> secrets.open(k.secretEncrypted));
    }

    private void store(User user, NewAccessKey key, String description) {
        AccessKey entity = new AccessKey();
        entity.accessKeyId = key.accessKeyId();
        entity.secretEncrypted = secrets.seal(key.secretAccessKey());
        entity.user = user;
        entity.description = description;
        entity.createdAt = Instant.now();
        entity.persist();
    }

    private static boolean matches(String hash, char[] password) {
        try {
            Password stored = ModularCrypt.decode(hash);
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT);
            return factory.verify(factory.translate(stored), password);
        } catch (Exception e) {
            return false;
        }
    }

    /** A hash of a random password at the cost of real ones, made once, matched by no password. */
    private static final class DummyHash {
        static final String VALUE = BcryptUtil.bcryptHash(SecretBox.randomToken(24));
    }

    private static String randomUpper(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        java.security.SecureRandom random = new java.security.SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
