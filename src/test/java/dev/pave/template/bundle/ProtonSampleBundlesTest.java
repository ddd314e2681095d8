package dev.pave.template.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.pave.template.TemplateType;

/**
 * AWS's sample bundles (aws-samples/aws-proton-cloudformation-sample-templates and
 * aws-proton-terraform-sample-templates, MIT-0) must register unmodified, and so must the CodeBuild provisioning
 * examples of aws-containers/proton-codebuild-provisioning-examples, packed as their Makefiles pack them. They are
 * not committed here: point PAVE_PROTON_SAMPLES (or -Dpave.proton.samples) at a folder holding checkouts of them,
 * each bundle a folder with schema/schema.yaml. Without it these tests are skipped.
 */
class ProtonSampleBundlesTest {

    /** The folders the CodeBuild examples' Makefiles tar: {@code tar [--exclude=…] -zcvf [\] ${key} schema infrastructure}. */
    private static final Pattern MAKEFILE_TAR = Pattern.compile("(?m)-zcvf\\s*\\\\?\\s*\\$\\{key}[ \\t]+([a-z_ \\t]+)$");
    private static final List<String> LAYOUT = List.of("schema", "infrastructure", "instance_infrastructure", "pipeline_infrastructure");

    @TestFactory
    Stream<DynamicTest> sampleBundlesRegisterUnmodified() throws IOException {
        List<Path> bundles = bundles().stream().filter(folder -> !codeBuild(folder)).toList();
        return bundles.stream().map(folder -> DynamicTest.dynamicTest(folder.toString(), () -> check(folder)));
    }

    @TestFactory
    Stream<DynamicTest> codeBuildExamplesRegisterAsTheirMakefilesPackThem() throws IOException {
        List<Path> bundles = bundles().stream().filter(ProtonSampleBundlesTest::codeBuild).toList();
        assumeTrue(!bundles.isEmpty(), "no checkout of aws-containers/proton-codebuild-provisioning-examples under the samples");
        return bundles.stream().map(folder -> DynamicTest.dynamicTest(folder.toString(), () -> {
            Map<String, byte[]> packed = packedAsTheMakefileDoes(folder);
            Bundle bundle = BundleArchive.read(new ByteArrayInputStream(Archives.tarGz(packed)), BundleQuotas.DEFAULTS);
            TemplateType type = packed.containsKey("infrastructure/manifest.yaml") ? TemplateType.ENVIRONMENT : TemplateType.SERVICE;
            ValidatedBundle validated = BundleValidator.validate(bundle, type, false);
            assertEquals(packed.keySet(), bundle.paths());
            validated.manifests().values().forEach(manifest -> assertEquals(Manifest.Engine.CODEBUILD, manifest.engine(), manifest.folder()));
        }));
    }

    private static List<Path> bundles() throws IOException {
        String root = System.getProperty("pave.proton.samples", System.getenv("PAVE_PROTON_SAMPLES"));
        assumeTrue(root != null && Files.isDirectory(Path.of(root)), "no sample bundles given");
        List<Path> bundles;
        try (Stream<Path> schemas = Files.walk(Path.of(root))) {
            bundles = schemas.filter(path -> path.endsWith(Path.of("schema", "schema.yaml")))
                    .map(path -> path.getParent().getParent()).sorted().toList();
        }
        assertTrue(!bundles.isEmpty(), "no bundle under " + root);
        return bundles;
    }

    /** Whether a bundle provisions with CodeBuild (its manifests say rendering_engine: codebuild). */
    private static boolean codeBuild(Path folder) {
        return LAYOUT.stream().map(f -> folder.resolve(f).resolve("manifest.yaml")).filter(Files::isRegularFile).anyMatch(manifest -> {
            try {
                return Files.readString(manifest).contains("rendering_engine: codebuild");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The folders the bundle's Makefile tars (the layout folders it has, for the examples without a Makefile). */
    static Map<String, byte[]> packedAsTheMakefileDoes(Path folder) throws IOException {
        List<String> folders = LAYOUT.stream().filter(f -> Files.isDirectory(folder.resolve(f))).toList();
        Path makefile = folder.resolve("Makefile");
        if (Files.isRegularFile(makefile)) {
            Matcher tar = MAKEFILE_TAR.matcher(Files.readString(makefile));
            assertTrue(tar.find(), "the Makefile tars the bundle");
            folders = List.of(tar.group(1).trim().split("\\s+"));
        }
        List<String> tarred = folders;
        Map<String, byte[]> packed = new LinkedHashMap<>();
        read(folder).forEach((path, content) -> {
            if (tarred.contains(path.substring(0, Math.max(0, path.indexOf('/'))))) {
                packed.put(path, content);
            }
        });
        return packed;
    }

    private static void check(Path folder) {
        Map<String, byte[]> files = read(folder);
        TemplateType type = files.containsKey("infrastructure/manifest.yaml") ? TemplateType.ENVIRONMENT : TemplateType.SERVICE;
        Manifest.Engine engine = files.keySet().stream().anyMatch(path -> path.endsWith(".tf"))
                ? Manifest.Engine.TERRAFORM : Manifest.Engine.CLOUDFORMATION;
        // As users pack them: the folder's contents, the folder itself, or zipped.
        Map<String, byte[]> wrapped = new LinkedHashMap<>();
        files.forEach((path, content) -> wrapped.put("v1/" + path, content));
        for (byte[] archive : List.of(Archives.tarGz(files), Archives.tarGz(wrapped), Archives.zip(files))) {
            Bundle bundle = BundleArchive.read(new ByteArrayInputStream(archive));
            ValidatedBundle validated = BundleValidator.validate(bundle, type, false);
            assertEquals(files.keySet(), bundle.paths());
            assertEquals(List.of(), validated.warnings());
            validated.manifests().values().forEach(manifest -> assertEquals(engine, manifest.engine(), manifest.folder()));
            if (files.containsKey("pipeline_infrastructure/manifest.yaml")) {
                assertEquals("PipelineInputs", validated.pipelineInputTypeName());
            }
        }
    }

    private static Map<String, byte[]> read(Path folder) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.filter(Files::isRegularFile).sorted().toList()) {
                files.put(folder.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
