package dev.pave.team;

import java.util.Set;
import java.util.TreeSet;

/**
 * An access rule a resource's owning team must pass: a template limited to some teams, an environment that takes
 * service instances only of some teams. No teams: open to all.
 */
public record Policy(String subject, String verb, Set<String> teams) {

    /** "service template web is limited to" teams…, "environment prod takes service instances only of" teams…. */
    public static Policy of(String subject, String verb, Set<String> teams) {
        return new Policy(subject, verb, Set.copyOf(teams));
    }

    public boolean admits(String team) {
        return teams.isEmpty() || teams.contains(team);
    }

    /** The rule as refusals and pages name it: "service template web is limited to teams a, b". */
    public String rule() {
        return subject + " " + verb + (teams.size() == 1 ? " team " : " teams ") + String.join(", ", new TreeSet<>(teams));
    }
}
