package dev.pave.identity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Secret access keys the aws CLI takes as written: AWS's shape, never a leading '-' it would read as an option. */
class SecretBoxTest {

    @Test
    void secretKeysAreFortyBase64CharactersThatNeverStartWithADash() {
        for (int i = 0; i < 5_000; i++) { // url-safe base64 started with '-' once in 64 keys
            String key = SecretBox.randomSecretKey();
            assertTrue(key.matches("[A-Za-z0-9+/]{40}"), key);
        }
    }
}
