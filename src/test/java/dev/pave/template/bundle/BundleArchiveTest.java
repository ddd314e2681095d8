package dev.pave.template.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;

class BundleArchiveTest {

    @Test
    void readsTarGzAndZipAlike() {
        Map<String, byte[]> files = SampleBundles.cloudFormationService();
        Bundle fromTar = read(Archives.tarGz(files));
        Bundle fromZip = read(Archives.zip(files));
        assertEquals(List.copyOf(files.keySet()), List.copyOf(fromTar.paths()));
        assertEquals(fromTar.paths(), fromZip.paths());
        assertEquals("Resources: {}\n", fromZip.text("instance_infrastructure/cloudformation.yaml"));
    }

    @Test
    void refusesOtherFormats() {
        assertRefused("bundle archive is neither a tar.gz nor a zip archive", "schema: {}".getBytes());
    }

    @Test
    void stripsLeadingDotSlash() {
        Bundle bundle = read(Archives.tarGz(tar -> {
            Archives.addSpecial(tar, "./", TarConstants.LF_DIR, null);
            Archives.addFile(tar, "./schema/schema.yaml", "a: 1".getBytes());
        }));
        assertEquals(List.of("schema/schema.yaml"), List.copyOf(bundle.paths()));
    }

    @Test
    void stripsTheFoldersPeopleTar() {
        // "tar -zcvf env-template.tar.gz environment/" and, since the samples moved, "lambda-env/" holding "v1/"
        assertEquals(List.of("schema/schema.yaml", "infrastructure/manifest.yaml"), List.copyOf(read(Archives.tarGz(
                Archives.files("environment/schema/schema.yaml", "a: 1", "environment/infrastructure/manifest.yaml",
                        "a: 1"))).paths()));
        assertEquals(List.of(".compatible-envs", "schema/schema.yaml"), List.copyOf(read(Archives.tarGz(
                Archives.files("lambda-env/v1/.compatible-envs", "e:1", "lambda-env/v1/schema/schema.yaml", "a: 1")))
                .paths()));
    }

    @Test
    void keepsLayoutFoldersAndMixedRoots() {
        assertEquals(List.of("schema/schema.yaml"),
                List.copyOf(read(Archives.tarGz(Archives.files("schema/schema.yaml", "a: 1"))).paths()));
        assertEquals(List.of("v1/schema/schema.yaml", "__MACOSX/v1/._schema.yaml"), List.copyOf(read(Archives.tarGz(
                Archives.files("v1/schema/schema.yaml", "a: 1", "__MACOSX/v1/._schema.yaml", "x"))).paths()));
    }

    @Test
    void refusesMoreThanTenTemplateFilesCountingJunk() {
        Map<String, byte[]> files = SampleBundles.terraformService(); // exactly 10 template files
        read(Archives.tarGz(files));
        files.put(".DS_Store", new byte[] {0});
        assertRefused("bundle has more than 10 template files", Archives.tarGz(files));
    }

    @Test
    void theDefaultsAdmitWhatAwsOwnCodeBuildExamplesPack() {
        // tf-ecs-fargate-lb-service-cicd-gh-actions packs 34 files; the CDK bundles carry a 384 KB package-lock.json
        Map<String, byte[]> files = new LinkedHashMap<>(Archives.files("schema/schema.yaml", "a: 1",
                "instance_infrastructure/manifest.yaml", "x", "pipeline_infrastructure/manifest.yaml", "x"));
        for (int i = 0; i < 30; i++) {
            files.put("instance_infrastructure/src/f" + i + ".tf", new byte[100]);
        }
        files.put("instance_infrastructure/package-lock.json", new byte[384 * 1024]);
        assertEquals(34, BundleArchive.read(new ByteArrayInputStream(Archives.tarGz(files)), BundleQuotas.DEFAULTS).size());
        for (int i = 30; i < 50; i++) {
            files.put("instance_infrastructure/src/f" + i + ".tf", new byte[100]);
        }
        BundleException tooMany = assertThrows(BundleException.class,
                () -> BundleArchive.read(new ByteArrayInputStream(Archives.tarGz(files)), BundleQuotas.DEFAULTS));
        assertTrue(tooMany.getMessage().contains("bundle has more than 50 template files"), tooMany.getMessage());
        BundleException tooBig = assertThrows(BundleException.class, () -> BundleArchive.read(new ByteArrayInputStream(
                Archives.tarGz(Map.of("infrastructure/package-lock.json", new byte[1024 * 1024 + 1]))), BundleQuotas.DEFAULTS));
        assertEquals("infrastructure/package-lock.json is larger than 1 MB", tooBig.getMessage());
    }

    @Test
    void refusesMoreThanFifteenFilesWhateverTheirNames() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < 16; i++) {
            files.put("f" + i + "/manifest.yaml", new byte[0]);
        }
        assertRefused("bundle has more than 15 files", Archives.tarGz(files));
    }

    @Test
    void refusesFilesOverTheirQuota() {
        assertRefused("schema/schema.yaml is larger than 50 KB",
                Archives.tarGz(Map.of("schema/schema.yaml", new byte[50 * 1024 + 1])));
        assertRefused("v1/infrastructure/manifest.yaml is larger than 50 KB",
                Archives.zip(Map.of("v1/infrastructure/manifest.yaml", new byte[50 * 1024 + 1])));
        assertRefused("instance_infrastructure/cloudformation.yaml is larger than 200 KB",
                Archives.tarGz(Map.of("instance_infrastructure/cloudformation.yaml", new byte[200 * 1024 + 1])));
        read(Archives.tarGz(Map.of("instance_infrastructure/cloudformation.yaml", new byte[200 * 1024])));
    }

    @Test
    void stopsReadingABombAtTheFileQuota() throws IOException {
        byte[] bomb = Archives.tarGz(Map.of("infrastructure/main.tf", new byte[6 * 1024 * 1024]));
        assertTrue(bomb.length < 20_000, "6 MB of zeros compresses to " + bomb.length);
        assertRefused("infrastructure/main.tf is larger than 200 KB", bomb);
        assertRefused("infrastructure/main.tf is larger than 200 KB",
                Archives.zip(Map.of("infrastructure/main.tf", new byte[6 * 1024 * 1024])));

        byte[] bigBomb = Archives.tarGz(Map.of("infrastructure/main.tf", new byte[64 * 1024 * 1024]));
        CountingStream counted = new CountingStream(new ByteArrayInputStream(bigBomb), Long.MAX_VALUE);
        assertThrows(BundleException.class, () -> BundleArchive.read(counted, DOCUMENTED));
        // 64 MB of zeros is about 64 KB compressed; reading stops after the first buffers.
        assertTrue(counted.count < 16 * 1024 && bigBomb.length > 60 * 1024,
                "read " + counted.count + " of " + bigBomb.length + " compressed bytes before refusing");
    }

    @Test
    void refusesAnArchiveOverFiveMegabytesWithoutReadingItAll() {
        byte[] noise = new byte[6 * 1024 * 1024];
        new Random(42).nextBytes(noise);
        byte[] zip = storedZip("infrastructure/noise.bin", noise);
        // The stream fails the test if anyone reads far past the 5 MB quota.
        CountingStream guarded = new CountingStream(new ByteArrayInputStream(zip), 5 * 1024 * 1024 + 64 * 1024);
        BundleException refused = assertThrows(BundleException.class, () -> BundleArchive.read(guarded, BundleQuotas.DEFAULTS));
        assertEquals("bundle archive is larger than 5 MB", refused.getMessage());
    }

    @Test
    void boundsWhatTarHeadersExpandTo() {
        String comment = "x".repeat(6 * 1024 * 1024);
        byte[] archive = Archives.tarGz(tar -> {
            org.apache.commons.compress.archivers.tar.TarArchiveEntry entry =
                    new org.apache.commons.compress.archivers.tar.TarArchiveEntry("schema/schema.yaml");
            entry.addPaxHeader("comment", comment);
            entry.setSize(1);
            tar.putArchiveEntry(entry);
            tar.write('a');
            tar.closeArchiveEntry();
        });
        assertRefused("bundle expands to more than 5 MB", archive);
    }

    @Test
    void refusesEntriesThatEscapeTheRoot() {
        assertRefused("entry '../evil' escapes the bundle root",
                Archives.tarGz(Map.of("../evil", new byte[1])));
        assertRefused("entry 'schema/../../evil' escapes the bundle root",
                Archives.zip(Map.of("schema/../../evil", new byte[1])));
        assertEquals(List.of("schema/schema.yaml"), List.copyOf(read(Archives.tarGz(
                Map.of("schema/x/../schema.yaml", "a: 1".getBytes()))).paths()));
    }

    @Test
    void refusesAbsolutePaths() {
        assertRefused("entry '/etc/passwd' is an absolute path", Archives.tarGz(Map.of("/etc/passwd", new byte[1])));
        // commons-compress reports zip names with forward slashes
        assertRefused("entry 'C:/x' is an absolute path", Archives.zip(Map.of("C:\\x", new byte[1])));
        assertRefused("entry 'C:\\x' is an absolute path", Archives.tarGz(Map.of("C:\\x", new byte[1])));
        assertRefused("entry '\\\\server\\x' is an absolute path", Archives.tarGz(Map.of("\\\\server\\x", new byte[1])));
    }

    @Test
    void refusesLinksAndDevicesInTar() {
        assertRefused("entry 'infrastructure/link' is a symbolic link", Archives.tarGz(tar ->
                Archives.addSpecial(tar, "infrastructure/link", TarConstants.LF_SYMLINK, "/etc/passwd")));
        assertRefused("entry 'infrastructure/hard' is a hard link", Archives.tarGz(tar ->
                Archives.addSpecial(tar, "infrastructure/hard", TarConstants.LF_LINK, "/etc/passwd")));
        assertRefused("entry 'dev/tty' is a character device", Archives.tarGz(tar ->
                Archives.addSpecial(tar, "dev/tty", TarConstants.LF_CHR, null)));
        assertRefused("entry 'dev/sda' is a block device", Archives.tarGz(tar ->
                Archives.addSpecial(tar, "dev/sda", TarConstants.LF_BLK, null)));
        assertRefused("entry 'pipe' is a FIFO", Archives.tarGz(tar ->
                Archives.addSpecial(tar, "pipe", TarConstants.LF_FIFO, null)));
    }

    @Test
    void refusesZipEntriesWithUnixLinkOrDeviceModes() {
        assertRefused("entry 'infrastructure/link' is a symbolic link", zipWithMode("infrastructure/link", 0120777));
        assertRefused("entry 'tty' is a character device", zipWithMode("tty", 0020644));
        assertRefused("entry 'pipe' is a FIFO", zipWithMode("pipe", 0010644));
        read(zipWithMode("schema/schema.yaml", 0100644));
    }

    @Test
    void refusesDuplicatePaths() {
        assertRefused("entry './schema/schema.yaml' appears twice", Archives.tarGz(tar -> {
            Archives.addFile(tar, "schema/schema.yaml", "a: 1".getBytes());
            Archives.addFile(tar, "./schema/schema.yaml", "a: 2".getBytes());
        }));
    }

    /** Proton's documented limits: the unpacking rules are checked against them, the defaults only raise two. */
    private static final BundleQuotas DOCUMENTED = new BundleQuotas(5L * 1024 * 1024, 5L * 1024 * 1024, 200L * 1024, 10);

    private static Bundle read(byte[] archive) {
        return BundleArchive.read(new ByteArrayInputStream(archive), DOCUMENTED);
    }

    private static void assertRefused(String expected, byte[] archive) {
        BundleException refused = assertThrows(BundleException.class, () -> read(archive));
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }

    private static byte[] zipWithMode(String name, int mode) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            ZipArchiveEntry entry = new ZipArchiveEntry(name);
            entry.setUnixMode(mode);
            zip.putArchiveEntry(entry);
            zip.write("a: 1".getBytes());
            zip.closeArchiveEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] storedZip(String name, byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(0);
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** Counts bytes read, and fails the test outright past a ceiling. */
    private static final class CountingStream extends FilterInputStream {
        private final long ceiling;
        long count;

        CountingStream(InputStream in, long ceiling) {
            super(in);
            this.ceiling = ceiling;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            count += n;
            if (count > ceiling) {
                throw new AssertionError("read " + count + " bytes, past " + ceiling);
            }
        }
    }
}
