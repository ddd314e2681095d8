package dev.pave.identity;

import dev.pave.PaveConfig;
import dev.pave.PaveHome;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Encrypts secrets at rest (AES-256-GCM) so a database dump alone does not reveal API secrets or Git tokens. */
@ApplicationScoped
public class SecretBox {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;

    public SecretBox(PaveConfig config) {
        String encoded = config.secretKey().orElseGet(() -> loadOrCreate(Path.of(config.home()).resolve("secret.key")));
        this.key = new SecretKeySpec(Base64.getDecoder().decode(encoded.trim()), "AES");
    }

    public byte[] seal(String secret) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a secret", e);
        }
    }

    public String open(byte[] box) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, box, 0, 12));
            return new String(cipher.doFinal(box, 12, box.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt a stored secret: was pave.secret-key changed?", e);
        }
    }

    /**
     * A keyed hash (HMAC-SHA256) of the message under a key of its own for each purpose, derived from the secret key:
     * values only Pave can make, and that replicas sharing {@code PAVE_SECRET_KEY} agree on.
     */
    public byte[] mac(String purpose, String message) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            byte[] purposeKey = derive.doFinal(("pave:" + purpose).getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(purposeKey, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot compute a keyed hash", e);
        }
    }

    /**
     * A secret access key as AWS shapes them: 40 characters of base64 (30 random bytes). Never URL-safe base64, whose
     * '-' could lead the key, and the aws CLI reads a leading '-' in {@code aws configure set} as an option.
     */
    public static String randomSecretKey() {
        byte[] b = new byte[30];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    public static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String loadOrCreate(Path file) {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        PaveHome.writeSecretOnce(file, Base64.getEncoder().encodeToString(fresh));
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
