/**
 * Template bundles as Proton takes them: {@link dev.pave.template.bundle.BundleArchive} unpacks an archive
 * under Proton's quotas, {@link dev.pave.template.bundle.BundleValidator} checks layout, manifests and schema,
 * {@link dev.pave.template.bundle.SchemaCompatibility} checks a new minor version against the previous one.
 *
 * <p>Choices where Proton's documentation is silent or contradicted by AWS's own samples:
 * <ul>
 * <li>The 10-file quota counts template files only, not the schema, manifests or registration files (see
 * {@code BundleQuotas}); every file, junk included, counts toward a hard cap of 15.</li>
 * <li>Wrapping folders ("environment/", "lambda-env/v1/") are stripped while one folder holds every file and it
 * is not a layout folder.</li>
 * <li>.compatible-envs and .template-registration.yaml are accepted at the root; any other root file or folder
 * (README.md, images/, __MACOSX/) is kept and counted but reported as a warning.</li>
 * <li>Only local {@code $ref}s to schema.types ("#/X", "#/types/X") are allowed; they are inlined, never
 * fetched.</li>
 * </ul>
 */
package dev.pave.template.bundle;
