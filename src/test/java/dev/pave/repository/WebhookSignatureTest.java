package dev.pave.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final byte[] BODY = "{\"zen\": \"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsAsGitHubDocumentsIt() {
        // GitHub's documented example: secret "It's a Secret to Everybody", payload "Hello, World!"
        assertEquals("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                WebhookSignature.sign("It's a Secret to Everybody", "Hello, World!".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void provesOnlyWithTheRightSecretAndBody() {
        String good = "sha256=" + WebhookSignature.sign("secret-1234567890", BODY);
        assertTrue(new WebhookSignature(good, null, null).proves("secret-1234567890", BODY));
        assertTrue(new WebhookSignature(null, good, null).proves("secret-1234567890", BODY), "Bitbucket's header");
        assertFalse(new WebhookSignature(good, null, null).proves("another-secret-123", BODY));
        assertFalse(new WebhookSignature(good, null, null).proves("secret-1234567890", "{}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(new WebhookSignature(good.replace("sha256=", "sha1="), null, null).proves("secret-1234567890", BODY));
        assertTrue(new WebhookSignature(null, null, "secret-1234567890").proves("secret-1234567890", BODY), "GitLab's token");
        assertFalse(new WebhookSignature(null, null, "secret-123456789").proves("secret-1234567890", BODY));
        assertFalse(new WebhookSignature(null, null, null).present());
    }
}
