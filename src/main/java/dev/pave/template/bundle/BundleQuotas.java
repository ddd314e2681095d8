package dev.pave.template.bundle;

/**
 * The limits a bundle archive is unpacked under ({@code pave.bundles.*}; {@link #DEFAULTS} when not set).
 *
 * <p>Proton documented (ag-limits.md) a 5 MB archive, 10 template files of at most 200 KB each, a 50 KB schema and
 * 50 KB manifests; but AWS's own examples broke the two template-file limits and Proton registered them: the
 * CodeBuild provisioning examples (aws-containers/proton-codebuild-provisioning-examples) pack up to 34 files as
 * their Makefiles pack them, and their CDK bundles carry package-lock.json files of up to 384 KB. The defaults keep
 * Proton's archive, expansion, schema and manifest limits and raise those two so that AWS's examples register.
 * "Template files" are the files "other than those files with lower limits", so the schema, the manifests and the
 * template-sync registration files are not counted; every file, junk included, counts toward {@link #maxFiles()}.
 *
 * @param archiveBytes the archive as uploaded or read from S3
 * @param expandedBytes all files together once unpacked
 * @param templateFileBytes one template file
 * @param templateFiles template files in one bundle
 */
public record BundleQuotas(long archiveBytes, long expandedBytes, long templateFileBytes, int templateFiles) {

    public static final BundleQuotas DEFAULTS = of(50, 1024L * 1024);

    static final long MAX_SCHEMA_BYTES = 50L * 1024;
    static final long MAX_MANIFEST_BYTES = 50L * 1024;

    public BundleQuotas {
        if (archiveBytes <= 0 || expandedBytes <= 0 || templateFileBytes <= 0 || templateFiles <= 0) {
            throw new IllegalArgumentException("bundle quotas must be positive");
        }
    }

    /** Proton's archive and expansion limits (5 MB each), with these template-file limits. */
    public static BundleQuotas of(int templateFiles, long templateFileBytes) {
        return new BundleQuotas(5L * 1024 * 1024, 5L * 1024 * 1024, templateFileBytes, templateFiles);
    }

    /** Template files plus the schema, two manifests and two registration files a service bundle can hold. */
    int maxFiles() {
        return templateFiles + 5;
    }

    /** Room for tar headers and padding on top of the files, so the raw tar stream is bounded too. */
    long tarStreamBytes() {
        return expandedBytes + 1024 * 1024;
    }

    /**
     * Size quota of a file. Paths are matched by their ending because a wrapping folder ("v1/") is only
     * stripped once the whole archive is read.
     */
    long maxBytes(String path) {
        if (isSchema(path)) {
            return MAX_SCHEMA_BYTES;
        }
        if (fileName(path).equals("manifest.yaml")) {
            return MAX_MANIFEST_BYTES;
        }
        return templateFileBytes;
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
