package dev.pave.repository;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a push webhook proves it comes from the repository's host: GitHub (and GitHub Enterprise, Gitea) send
 * {@code X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body>}, Bitbucket the same in {@code X-Hub-Signature},
 * GitLab the secret itself in {@code X-Gitlab-Token}. Every comparison takes the same time whatever matches.
 */
public record WebhookSignature(String hubSignature256, String hubSignature, String gitlabToken) {

    private static final String SHA256 = "sha256=";

    public boolean present() {
        return hubSignature256 != null || hubSignature != null || gitlabToken != null;
    }

    boolean proves(String secret, byte[] body) {
        String hmac = hubSignature256 != null ? hubSignature256 : hubSignature;
        if (hmac != null) {
            return hmac.startsWith(SHA256) && MessageDigest.isEqual(hmac.substring(SHA256.length()).toLowerCase().getBytes(StandardCharsets.US_ASCII),
                    sign(secret, body).getBytes(StandardCharsets.US_ASCII));
        }
        return gitlabToken != null && MessageDigest.isEqual(gitlabToken.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The hex HMAC-SHA256 of {@code body} under {@code secret}, as the hosts compute it. */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
