package dev.pave.team;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/** The owning team's column and its {@link Owned} methods, shared by environments, services and components. */
@MappedSuperclass
public abstract class OwnedEntity extends PanacheEntityBase implements Owned {

    /** The team whose members may change and delete it. */
    @Column(name = "owner_team")
    public String ownerTeam;

    @Override
    public String ownerTeam() {
        return ownerTeam;
    }

    @Override
    public void transferTo(String team) {
        ownerTeam = team;
    }
}
