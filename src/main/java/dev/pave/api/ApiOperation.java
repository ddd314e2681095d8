package dev.pave.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.identity.Caller;

/** One Proton operation: a validated input in, the output structure back. */
@FunctionalInterface
public interface ApiOperation {

    JsonNode handle(Caller caller, ObjectNode input);
}
