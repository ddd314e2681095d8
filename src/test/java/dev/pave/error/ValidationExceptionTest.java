package dev.pave.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pave.error.ValidationException.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationExceptionTest {

    @Test
    void problemsKeepTheirPlaceAndJoinIntoTheMessageTheApiSends() {
        ValidationException e = new ValidationException(List.of(Problem.at("spec.port", "must be at most 65535"),
                Problem.about("templateFile", "Rendering templateFile failed"), Problem.general("something else")));
        assertEquals("spec.port: must be at most 65535; Rendering templateFile failed; something else", e.getMessage());
        assertEquals(List.of("spec.port", "templateFile"), e.problems().stream().map(Problem::path).filter(p -> p != null).toList());
        assertEquals("must be at most 65535", e.problems().get(0).detail());
    }

    @Test
    void aPlainMessageIsOneProblemAboutTheWholeRequest() {
        ValidationException e = new ValidationException("spec.x: looks like a path but is just text");
        assertEquals(List.of(Problem.general("spec.x: looks like a path but is just text")), e.problems());
    }
}
