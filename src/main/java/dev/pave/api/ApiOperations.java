package dev.pave.api;

import java.util.Map;

/** A group of Proton operations served by one feature; the door collects every bean of this type. */
public interface ApiOperations {

    /** Operation name (e.g. {@code CreateEnvironmentTemplate}) to handler. */
    Map<String, ApiOperation> operations();
}
