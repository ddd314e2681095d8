package dev.pave.template.bundle;

/**
 * Proton's bundle quotas (user guide, ag-limits.md), all not adjustable.
 *
 * <p>"Maximum number of template files per bundle: 10" is read as the quota table words it: template files
 * are the files "other than those files with lower limits", so the schema and the manifests are not counted,
 * nor the template-sync registration files. AWS's own Terraform service samples hold up to 14 files
 * (10 .tf files, 2 manifests, the schema and .compatible-envs) and register, so a flat count of 10 would
 * refuse them. Every file, junk included, counts toward {@link #MAX_FILES}, which bounds what the uncounted
 * names can smuggle in.
 */
final class BundleQuotas {

    static final long MAX_ARCHIVE_BYTES = 5L * 1024 * 1024;
    static final long MAX_EXPANDED_BYTES = 5L * 1024 * 1024;
    static final long MAX_SCHEMA_BYTES = 50L * 1024;
    static final long MAX_MANIFEST_BYTES = 50L * 1024;
    static final long MAX_TEMPLATE_FILE_BYTES = 200L * 1024;
    static final int MAX_TEMPLATE_FILES = 10;
    /** Template files plus the schema, two manifests and two registration files a service bundle can hold. */
    static final int MAX_FILES = MAX_TEMPLATE_FILES + 5;
    /** Room for tar headers and padding on top of the files, so the raw tar stream is bounded too. */
    static final long MAX_TAR_STREAM_BYTES = MAX_EXPANDED_BYTES + 1024 * 1024;

    private BundleQuotas() {
    }

    /**
     * Size quota of a file. Paths are matched by their ending because a wrapping folder ("v1/") is only
     * stripped once the whole archive is read.
     */
    static long maxBytes(String path) {
        if (isSchema(path)) {
            return MAX_SCHEMA_BYTES;
        }
        if (fileName(path).equals("manifest.yaml")) {
            return MAX_MANIFEST_BYTES;
        }
        return MAX_TEMPLATE_FILE_BYTES;
    }

    static boolean isTemplateFile(String path) {
        String name = fileName(path);
        return !isSchema(path)
                && !name.equals("manifest.yaml")
                && !name.equals(".compatible-envs")
                && !name.equals(".template-registration.yaml");
    }

    static String describe(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes / 1024 + " KB";
    }

    private static boolean isSchema(String path) {
        return path.equals("schema/schema.yaml") || path.endsWith("/schema/schema.yaml");
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
