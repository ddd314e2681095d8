package dev.pave.service;

import dev.pave.identity.Caller;

/**
 * Told, inside the change's transaction, when someone (not Pave itself) creates, updates or removes a service's
 * instances by hand, so service sync can stand aside rather than overwrite the change.
 */
public interface ManualChanges {

    /** An instance was created or updated by hand ({@code operation} is the Proton operation that did it). */
    void instanceChanged(Caller caller, Service service, String instance, String operation);

    /** An instance was removed by hand. */
    void instanceRemoved(Caller caller, Service service, String instance, String operation);
}
