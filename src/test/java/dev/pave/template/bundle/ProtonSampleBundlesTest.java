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
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.pave.template.TemplateType;

/**
 * AWS's sample bundles (aws-samples/aws-proton-cloudformation-sample-templates and
 * aws-proton-terraform-sample-templates, MIT-0) must register unmodified. They are not committed here: point
 * PAVE_PROTON_SAMPLES (or -Dpave.proton.samples) at a folder holding checked-out sample bundles, each a
 * folder with schema/schema.yaml. Without it these tests are skipped.
 */
class ProtonSampleBundlesTest {

    @TestFactory
    Stream<DynamicTest> sampleBundlesRegisterUnmodified() throws IOException {
        String root = System.getProperty("pave.proton.samples", System.getenv("PAVE_PROTON_SAMPLES"));
        assumeTrue(root != null && Files.isDirectory(Path.of(root)), "no sample bundles given");
        List<Path> bundles;
        try (Stream<Path> schemas = Files.walk(Path.of(root))) {
            bundles = schemas.filter(path -> path.endsWith(Path.of("schema", "schema.yaml")))
                    .map(path -> path.getParent().getParent()).sorted().toList();
        }
        assertTrue(!bundles.isEmpty(), "no bundle under " + root);
        return bundles.stream().map(folder -> DynamicTest.dynamicTest(folder.toString(), () -> check(folder)));
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
