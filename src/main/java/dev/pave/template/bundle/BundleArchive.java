package dev.pave.template.bundle;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Enumeration;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Unpacks a template bundle archive (tar.gz as Proton takes it, or zip) into a {@link Bundle}, enforcing
 * Proton's quotas and refusing unsafe entries while reading: nothing is expanded past a limit.
 */
public final class BundleArchive {

    // Unix file-type bits of a zip entry's external attributes.
    private static final int TYPE_MASK = 0170000;
    private static final int TYPE_FIFO = 0010000;
    private static final int TYPE_CHAR_DEVICE = 0020000;
    private static final int TYPE_DIRECTORY = 0040000;
    private static final int TYPE_BLOCK_DEVICE = 0060000;
    private static final int TYPE_REGULAR = 0100000;
    private static final int TYPE_SYMLINK = 0120000;

    private BundleArchive() {
    }

    /** Under the default quotas. */
    public static Bundle read(InputStream in) {
        return read(in, BundleQuotas.DEFAULTS);
    }

    public static Bundle read(InputStream in, BundleQuotas quotas) {
        InputStream capped = new BufferedInputStream(new CappedInputStream(in, quotas.archiveBytes(),
                "bundle archive is larger than " + BundleQuotas.describe(quotas.archiveBytes())));
        try {
            capped.mark(4);
            int first = capped.read();
            int second = capped.read();
            capped.reset();
            if (first == 0x1f && second == 0x8b) {
                return readTarGz(capped, quotas);
            }
            if (first == 'P' && second == 'K') {
                return readZip(capped, quotas);
            }
            throw new BundleException("bundle archive is neither a tar.gz nor a zip archive");
        } catch (IOException e) {
            throw new BundleException("bundle archive is not readable: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new BundleException("bundle archive is not readable: " + e.getCause().getMessage());
        }
    }

    private static Bundle readTarGz(InputStream in, BundleQuotas quotas) throws IOException {
        BundleEntries entries = new BundleEntries(quotas);
        // The raw tar stream is capped as well, so headers alone cannot expand without bound.
        InputStream tarStream = new CappedInputStream(new GzipCompressorInputStream(in), quotas.tarStreamBytes(),
                "bundle expands to more than " + BundleQuotas.describe(quotas.expandedBytes()));
        try (TarArchiveInputStream tar = new TarArchiveInputStream(tarStream)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                BundleEntries.normalize(name);
                if (entry.isDirectory()) {
                    continue;
                }
                refuseSpecial(name, entry);
                entries.addFile(name, tar);
            }
        }
        return entries.toBundle();
    }

    private static void refuseSpecial(String name, TarArchiveEntry entry) {
        if (entry.isSymbolicLink()) {
            throw new BundleException("entry '" + name + "' is a symbolic link");
        }
        if (entry.isLink()) {
            throw new BundleException("entry '" + name + "' is a hard link");
        }
        if (entry.isCharacterDevice()) {
            throw new BundleException("entry '" + name + "' is a character device");
        }
        if (entry.isBlockDevice()) {
            throw new BundleException("entry '" + name + "' is a block device");
        }
        if (entry.isFIFO()) {
            throw new BundleException("entry '" + name + "' is a FIFO");
        }
        if (!entry.isFile()) {
            throw new BundleException("entry '" + name + "' is not a regular file");
        }
    }

    /**
     * Zip file types live in the central directory, at the end of the archive, so the (capped) compressed bytes
     * are held in memory; entries are still expanded one at a time under the quotas.
     */
    private static Bundle readZip(InputStream in, BundleQuotas quotas) throws IOException {
        byte[] archive = in.readAllBytes();
        BundleEntries entries = new BundleEntries(quotas);
        try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(archive)).get()) {
            Enumeration<ZipArchiveEntry> all = zip.getEntriesInPhysicalOrder();
            while (all.hasMoreElements()) {
                ZipArchiveEntry entry = all.nextElement();
                String name = entry.getName();
                BundleEntries.normalize(name);
                int type = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? entry.getUnixMode() & TYPE_MASK : 0;
                if (entry.isDirectory() || type == TYPE_DIRECTORY) {
                    continue;
                }
                refuseSpecial(name, type);
                if (!zip.canReadEntryData(entry)) {
                    throw new BundleException("entry '" + name + "' is encrypted or uses an unsupported compression");
                }
                try (InputStream content = zip.getInputStream(entry)) {
                    entries.addFile(name, content);
                }
            }
        }
        return entries.toBundle();
    }

    private static void refuseSpecial(String name, int type) {
        switch (type) {
            case 0, TYPE_REGULAR -> {
            }
            case TYPE_SYMLINK -> throw new BundleException("entry '" + name + "' is a symbolic link");
            case TYPE_CHAR_DEVICE -> throw new BundleException("entry '" + name + "' is a character device");
            case TYPE_BLOCK_DEVICE -> throw new BundleException("entry '" + name + "' is a block device");
            case TYPE_FIFO -> throw new BundleException("entry '" + name + "' is a FIFO");
            default -> throw new BundleException("entry '" + name + "' is not a regular file");
        }
    }
}
