package dev.pave.identity;

/** Which way a change came in, kept in the audit log. */
public enum Door {
    WEB,
    API,
    SYSTEM
}
