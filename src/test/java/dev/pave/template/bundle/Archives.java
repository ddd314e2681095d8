package dev.pave.template.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds bundle archives at test time, the way users do with tar -zcvf or zip. */
final class Archives {

    interface TarWriter {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private Archives() {
    }

    static Map<String, byte[]> files(String... pathsAndContents) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    static byte[] tarGz(Map<String, byte[]> files) {
        return tarGz(tar -> {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                addFile(tar, file.getKey(), file.getValue());
            }
        });
    }

    static byte[] tarGz(TarWriter writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            writer.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static void addFile(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true); // keep names as given, "../" and "/" included
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    static void addSpecial(TarArchiveOutputStream tar, String name, byte type, String linkName) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        if (linkName != null) {
            entry.setLinkName(linkName);
        }
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    static byte[] zip(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
