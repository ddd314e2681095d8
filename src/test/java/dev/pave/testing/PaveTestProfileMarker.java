package dev.pave.testing;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers {@link PaveTestResource} for every {@code @QuarkusTest} in the module (not restricted to one class). */
@QuarkusTestResource(PaveTestResource.class)
public final class PaveTestProfileMarker {

    private PaveTestProfileMarker() {
    }
}
