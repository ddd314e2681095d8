package dev.pave.tag;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** A tag on a resource, keyed by the resource's ARN. */
@Entity
@Table(name = "resource_tag")
@IdClass(ResourceTag.Key.class)
public class ResourceTag extends PanacheEntityBase {

    public static class Key implements Serializable {
        public String resourceArn;
        public String key;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(resourceArn, k.resourceArn) && Objects.equals(key, k.key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(resourceArn, key);
        }
    }

    @Id
    @Column(name = "resource_arn")
    public String resourceArn;

    @Id
    public String key;

    public String value;
}
