package dev.pave.template;

import dev.pave.PaveConfig;
import dev.pave.template.bundle.BundleArchive;
import dev.pave.template.bundle.BundleException;
import dev.pave.template.bundle.BundleQuotas;
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
import java.util.List;
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

    @Inject
    PaveConfig config;

    /** The limits bundles are unpacked under, as configured. */
    BundleQuotas quotas() {
        return BundleQuotas.of(config.quotas().bundleTemplateFiles(), config.quotas().bundleTemplateFileBytes());
    }

    Outcome register(TemplateType type, Long versionId, BundleSource source) {
        // the previous minor's archive is re-read rather than trusted, so the comparison uses today's rules on both sides
        record Context(boolean customerManaged, Optional<byte[]> previousMinorArchive) {
        }
        Context context = QuarkusTransaction.requiringNew().call(() -> {
            TemplateVersion v = TemplateVersion.findById(versionId);
            Optional<TemplateVersion> previous = TemplateVersion.<TemplateVersion>find(
                    "template = ?1 and majorVersion = ?2 and minorVersion < ?3 and status in ?4", Sort.descending("minorVersion"),
                    v.template, v.majorVersion, v.minorVersion, List.of(TemplateVersion.Status.DRAFT, TemplateVersion.Status.PUBLISHED))
                    .firstResultOptional();
            return new Context(v.template.customerManaged(), previous.map(p -> p.bundle));
        });
        try {
            byte[] archive = read(source);
            ValidatedBundle candidate = BundleValidator.validate(BundleArchive.read(new ByteArrayInputStream(archive), quotas()), type, context.customerManaged());
            if (context.previousMinorArchive().isPresent()) {
                ValidatedBundle previous = BundleValidator.validate(
                        BundleArchive.read(new ByteArrayInputStream(context.previousMinorArchive().get()), quotas()), type, context.customerManaged());
                SchemaCompatibility.check(previous, candidate);
            }
            return v -> {
                v.status = TemplateVersion.Status.DRAFT;
                v.statusMessage = candidate.warnings().isEmpty() ? null : String.join("; ", candidate.warnings());
                v.schema = candidate.bundle().text("schema/schema.yaml");
                v.engine = candidate.engine();
                v.pipelineEngine = candidate.pipelineEngine();
                v.bundle = archive;
                for (String path : candidate.bundle().paths()) {
                    TemplateFile f = new TemplateFile();
                    f.versionId = v.id;
                    f.path = path;
                    f.content = candidate.bundle().bytes(path);
                    f.persist();
                }
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
        if (source instanceof BundleSource.Git git) {
            return git.archive();
        }
        BundleSource.S3 s3Source = (BundleSource.S3) source;
        try (InputStream in = s3.getObject(GetObjectRequest.builder().bucket(s3Source.bucket()).key(s3Source.key()).build())) {
            // one byte past the quota is enough to know it is too big; never buffer a huge object
            byte[] bytes = in.readNBytes((int) quotas().archiveBytes() + 1);
            if (bytes.length > quotas().archiveBytes()) {
                throw new BundleException("bundle archive is larger than 5 MB");
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
