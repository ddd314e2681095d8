package dev.pave.team;

import dev.pave.error.ValidationException;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A group of users that owns environments, services and components. Its name is its key; names never change. */
@Entity
@Table(name = "team")
public class Team extends PanacheEntityBase {

    /** Owns what Pave ran before teams existed; every new user joins it unless given other teams. */
    public static final String DEFAULT = "default";

    @Id
    public String name;

    public String description;

    @Column(name = "created_at")
    public Instant createdAt;

    public static Optional<Team> byName(String name) {
        return name == null ? Optional.empty() : findByIdOptional(name);
    }

    /** The names, checked: a policy or a membership naming a team that doesn't exist is refused, naming it. */
    public static Set<String> existing(Collection<String> names) {
        Set<String> checked = new TreeSet<>();
        for (String name : names) {
            String trimmed = name == null ? "" : name.trim();
            if (!trimmed.isEmpty()) {
                checked.add(byName(trimmed).map(t -> t.name).orElseThrow(() -> new ValidationException("Team " + trimmed + " does not exist")));
            }
        }
        return checked;
    }
}
