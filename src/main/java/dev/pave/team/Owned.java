package dev.pave.team;

import java.util.List;

/** An environment, service or component: something one team owns. Service instances and pipelines are their service's. */
public interface Owned {

    /** The owning team's name. */
    String ownerTeam();

    /** "environment dev-1", as refusals name it. */
    String label();

    /** The access rules its owning team must pass: its template's, and where its instances run. */
    List<Policy> policies();

    /** Hands the resource to another team (the caller's right to do so is checked by {@link Ownership#transfer}). */
    void transferTo(String team);
}
