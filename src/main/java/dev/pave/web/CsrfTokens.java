package dev.pave.web;

import dev.pave.identity.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The anti-CSRF tokens of the pages. A signed-in browser's token is a keyed hash of its session id: bound to that one
 * session, unknown to anyone without the session cookie, and never stored. Before there is a session the login
 * form gets one bound the same way to a short-lived random {@code pave-login} cookie.
 */
@ApplicationScoped
public class CsrfTokens {

    /** The form field that carries the token (pages add it with {@code {#csrf /}}). */
    public static final String FIELD = "csrf-token";
    /** The header that carries the token (htmx sends it for every request, see {@code hx-headers} in main.html). */
    public static final String HEADER = "X-CSRF-TOKEN";
    /** The cookie the login form's token is bound to. */
    public static final String LOGIN_COOKIE = "pave-login";
    /** How long a login form stays usable. */
    public static final Duration LOGIN_FORM_LIFETIME = Duration.ofHours(1);

    @Inject
    SecretBox secrets;

    public String forSession(String sessionId) {
        return encode(secrets.mac("csrf", "session:" + sessionId));
    }

    /** A fresh value for the {@code pave-login} cookie: random, with its expiry (epoch seconds) after a dot. */
    public String newLoginNonce() {
        return SecretBox.randomToken(18) + "." + Instant.now().plus(LOGIN_FORM_LIFETIME).getEpochSecond();
    }

    /** Whether a {@code pave-login} cookie is still usable for at least this long. */
    public static boolean loginNonceLasts(String nonce, Duration atLeast) {
        if (nonce == null) {
            return false;
        }
        int dot = nonce.lastIndexOf('.');
        try {
            return dot > 0 && Instant.ofEpochSecond(Long.parseLong(nonce.substring(dot + 1))).isAfter(Instant.now().plus(atLeast));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public String forLogin(String nonce) {
        return encode(secrets.mac("csrf", "login:" + nonce));
    }

    /** Whether the login form's token fits its cookie and the form has not expired. */
    public boolean validLogin(String nonce, String given) {
        return loginNonceLasts(nonce, Duration.ZERO) && same(forLogin(nonce), given);
    }

    static boolean same(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(byte[] mac) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }
}
