package dev.pave.template;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** A file of a registered bundle, kept so deployments render from exactly what was validated. */
@Entity
@Table(name = "template_file")
@IdClass(TemplateFile.Key.class)
public class TemplateFile extends PanacheEntityBase {

    public static class Key implements Serializable {
        public Long versionId;
        public String path;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(versionId, k.versionId) && java.util.Objects.equals(path, k.path);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(versionId, path);
        }
    }

    @Id
    @Column(name = "version_id")
    public Long versionId;

    @Id
    public String path;

    public byte[] content;
}
