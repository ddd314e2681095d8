package dev.pave.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pave.error.ValidationException;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    @Test
    void refusesShortCommonAndUsernamePasswordsWithTheReason() {
        assertEquals("passwords need at least 12 characters", refused("dev", "short-pass1"));
        assertEquals("the password must not be the username", refused("Build.Robot.Admin", "build.robot.admin"));
        assertEquals("that password is too common; choose one that is harder to guess", refused("dev", "Password1234"));
        assertEquals("that password is too common; choose one that is harder to guess", refused("dev", "qwertyuiop123"));
        assertEquals("that password is too common; choose one that is harder to guess", refused("dev", "zzzzzzzzzzzzzzzz"));
    }

    @Test
    void acceptsALongUncommonPassword() {
        PasswordPolicy.check("dev", "tidal-marble-lantern-7");
    }

    private static String refused(String username, String password) {
        return assertThrows(ValidationException.class, () -> PasswordPolicy.check(username, password)).getMessage();
    }
}
