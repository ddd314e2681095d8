package dev.pave.template;

import dev.pave.template.bundle.Bundle;
import dev.pave.template.bundle.BundleArchive;
import dev.pave.template.bundle.BundleException;
import dev.pave.template.bundle.BundleValidator;
import dev.pave.template.bundle.SchemaCompatibility;
import dev.pave.template.bundle.ValidatedBundle;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Reads a version's bundle from its source and validates it: layout, manifests, schema, quotas, and backward
 * compatibility with the previous minor version. Runs outside transactions, since S3 may be slow.
 */
@ApplicationScoped
public class VersionRegistrar {

    private static final Logger LOG = Logger.getLogger(VersionRegistrar.class);

    /** What registration decided, applied to the version row in the closing transaction. */
    public interface Outcome {
        void applyTo(TemplateVersion version);
    }

    @Inject
    S3Client s3;

    Outcome register(TemplateType type, Long versionId, BundleSource source) {
        record Context(TemplateVersion version, boolean customerManaged, Optional<Map<String, byte[]>> previousMinor) {
        }
        Context context = QuarkusTransaction.requiringNew().call(() -> {
            TemplateVersion v = TemplateVersion.findById(versionId);
            Optional<TemplateVersion> previous = TemplateVersion.<TemplateVersion>find(
                    "template = ?1 and majorVersion = ?2 and minorVersion < ?3 and status in ?4", Sort.descending("minorVersion"),
                    v.template, v.majorVersion, v.minorVersion, List.of(TemplateVersion.Status.DRAFT, TemplateVersion.Status.PUBLISHED))
                    .firstResultOptional();
            Optional<Map<String, byte[]>> previousFiles = previous.map(p -> {
                Map<String, byte[]> files = new java.util.TreeMap<>();
                TemplateFile.<TemplateFile>list("versionId", p.id).forEach(f -> files.put(f.path, f.content));
                return files;
            });
            return new Context(v, v.template.customerManaged(), previousFiles);
        });
        try {
            byte[] archive = read(source);
            ValidatedBundle candidate = BundleValidator.validate(BundleArchive.read(new ByteArrayInputStream(archive)), type, context.customerManaged());
            if (context.previousMinor().isPresent()) {
                ValidatedBundle previous = BundleValidator.validate(Bundle.of(context.previousMinor().get()), type, context.customerManaged());
                SchemaCompatibility.check(previous, candidate);
            }
            return v -> {
                v.status = TemplateVersion.Status.DRAFT;
                v.statusMessage = candidate.warnings().isEmpty() ? null : String.join("; ", candidate.warnings());
                v.schema = new String(candidate.bundle().files().get("schema/schema.yaml"), StandardCharsets.UTF_8);
                v.bundle = archive;
                candidate.bundle().files().forEach((path, content) -> {
                    TemplateFile f = new TemplateFile();
                    f.versionId = v.id;
                    f.path = path;
                    f.content = content;
                    f.persist();
                });
            };
        } catch (BundleException e) {
            return failed(e.getMessage());
        } catch (SdkException e) {
            return failed("Cannot read the bundle from " + source.describe() + ": " + e.getMessage());
        } catch (IOException e) {
            return failed("Cannot read the bundle from " + source.describe() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "registration of version %d failed unexpectedly", versionId);
            return failed("Registration failed inside Pave: " + e.getClass().getSimpleName());
        }
    }

    private byte[] read(BundleSource source) throws IOException {
        if (source instanceof BundleSource.Upload upload) {
            return upload.bytes();
        }
        BundleSource.S3 s3Source = (BundleSource.S3) source;
        try (InputStream in = s3.getObject(GetObjectRequest.builder().bucket(s3Source.bucket()).key(s3Source.key()).build())) {
            // one byte past the quota is enough to know it is too big; never buffer a huge object
            byte[] bytes = in.readNBytes(BundleArchive.MAX_ARCHIVE_BYTES + 1);
            if (bytes.length > BundleArchive.MAX_ARCHIVE_BYTES) {
                throw new BundleException("the bundle is larger than 5 MB");
            }
            return bytes;
        }
    }

    private static Outcome failed(String message) {
        return v -> {
            v.status = TemplateVersion.Status.REGISTRATION_FAILED;
            v.statusMessage = message.length() > 5000 ? message.substring(0, 5000) : message;
        };
    }
}
