package dev.pave.team;

import java.util.Optional;

/** A feature whose resources have ARNs and owners; ARN-only calls (tags, deployments) find the owner through it. */
public interface OwnedResources {

    /** The owned resource this ARN names (an instance's or pipeline's ARN: its service), or empty when it is not this feature's. */
    Optional<Owned> owner(String arn);

    /**
     * Only the owning team's name, read without loading the entity: a check made before the caller locks the entity
     * must not put an unlocked copy in the session, which the lock would then return stale.
     */
    Optional<String> team(String arn);

    /** One column of one row, or empty. */
    static Optional<String> column(String sql, String name) {
        @SuppressWarnings("unchecked")
        java.util.List<String> rows = io.quarkus.hibernate.orm.panache.Panache.getEntityManager().createNativeQuery(sql).setParameter(1, name)
                .getResultList();
        return rows.stream().findFirst();
    }
}
