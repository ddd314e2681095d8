package dev.pave.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Template bundles for tests: read from test resources, changed where a test needs, packed as Proton users pack them. */
public final class TestBundles {

    private final Map<String, byte[]> files = new TreeMap<>();

    private TestBundles() {
    }

    /** A bundle built file by file with {@link #with}. */
    public static TestBundles empty() {
        return new TestBundles();
    }

    /** A bundle of the given text files, by path. */
    public static TestBundles of(Map<String, String> texts) {
        TestBundles bundle = new TestBundles();
        texts.forEach(bundle::with);
        return bundle;
    }

    /** The files under {@code src/test/resources/<resourceDir>}, by relative path. */
    public static TestBundles fromResources(String resourceDir) {
        TestBundles bundle = new TestBundles();
        try {
            Path root = Path.of(TestBundles.class.getClassLoader().getResource(resourceDir).toURI());
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    bundle.files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return bundle;
    }

    public TestBundles with(String path, String content) {
        files.put(path, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public TestBundles without(String path) {
        files.remove(path);
        return this;
    }

    public String text(String path) {
        return new String(files.get(path), StandardCharsets.UTF_8);
    }

    /** As {@code tar -czf bundle.tar.gz schema/ infrastructure/} makes it. */
    /** Every file by its path in the bundle. */
    public Map<String, byte[]> files() {
        return java.util.Collections.unmodifiableMap(files);
    }

    public byte[] tarGz() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(f.getKey());
                entry.setSize(f.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** As {@code zip -r bundle.zip schema/ infrastructure/} makes it. */
    public byte[] zip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Path write(Path file, byte[] archive) {
        try {
            Files.write(file, archive);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
