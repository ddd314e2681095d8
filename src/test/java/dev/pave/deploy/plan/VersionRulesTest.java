package dev.pave.deploy.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pave.deploy.plan.VersionRules.Standing;
import dev.pave.template.TemplateVersion;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How far a resource is behind its template's recommended version: the one rule behind the update notices and GetResourcesSummary. */
class VersionRulesTest {

    @ParameterizedTest(name = "on {0}, recommended {1}: {2}")
    @CsvSource({
            "1.0, 1.0, UP_TO_DATE",
            "1.0, 1.1, BEHIND_MINOR",
            "1.3, 1.1, UP_TO_DATE",  // ahead of it (the newer minor was deleted)
            "1.0, 2.0, BEHIND_MAJOR",
            "1.5, 2.0, BEHIND_MAJOR",
            "3.0, 2.4, UP_TO_DATE",  // a major whose versions were all deleted
            "2.0, -, UP_TO_DATE",    // nothing published
    })
    void standing(String running, String recommended, Standing expected) {
        String[] on = running.split("\\.");
        assertEquals(expected, VersionRules.standing(version(recommended), Integer.parseInt(on[0]), Integer.parseInt(on[1])));
    }

    private static Optional<TemplateVersion> version(String text) {
        if (text.equals("-")) {
            return Optional.empty();
        }
        TemplateVersion v = new TemplateVersion();
        v.majorVersion = Integer.parseInt(text.split("\\.")[0]);
        v.minorVersion = Integer.parseInt(text.split("\\.")[1]);
        v.status = TemplateVersion.Status.PUBLISHED;
        return Optional.of(v);
    }
}
