package dev.pave.database;

import dev.pave.host.Folders;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.jar.JarEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * PostgreSQL's programs ({@code initdb}, {@code pg_ctl}, {@code postgres}) from zonky's binaries jar, unpacked once
 * into a directory of Pave's home. Zonky itself unpacks them into a shared {@code /tmp/embedded-pg}, where another
 * local user could plant binaries that Pave would then run; here only Pave's own account can write them.
 */
final class PostgresBinaries {

    private final Path root;

    private PostgresBinaries(Path root) {
        this.root = root;
    }

    Path bin(String program) {
        return root.resolve("bin").resolve(program);
    }

    /** Unpacks the archive for this machine under {@code parent/<digest>} unless an earlier start already did. */
    static PostgresBinaries prepare(Path parent) {
        String resource = "postgres-" + os() + "-" + arch() + ".txz";
        try {
            Files.createDirectories(parent);
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path root = parent.resolve(identity(resource));
            if (Files.exists(root.resolve("bin/postgres"))) {
                return new PostgresBinaries(root);
            }
            byte[] archive = read(resource);
            // unpack beside it, then rename into place, so a crash never leaves half the programs behind
            Path staging = Files.createTempDirectory(parent, "unpacking-");
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            unpack(archive, staging);
            try {
                Files.move(staging, root, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                Folders.deleteTree(staging); // another Pave on this home unpacked the same archive first
            }
            return new PostgresBinaries(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack PostgreSQL's binaries into " + parent, e);
        }
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = PostgresBinaries.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no embedded PostgreSQL for this machine (" + resource
                        + "); point Pave at a PostgreSQL server with QUARKUS_DATASOURCE_JDBC_URL");
            }
            return in.readAllBytes();
        }
    }

    private static void unpack(byte[] archive, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new BufferedInputStream(new java.io.ByteArrayInputStream(archive))))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = inside(target, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    if (!path.getParent().resolve(entry.getLinkName()).normalize().startsWith(target)) {
                        throw new IOException("PostgreSQL's archive links outside its folder: " + entry.getName());
                    }
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    boolean program = target.relativize(path).startsWith("bin");
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(program ? "rwxr-xr-x" : "rw-r--r--"));
                } else {
                    throw new IOException("unexpected entry " + entry.getName() + " in PostgreSQL's archive");
                }
            }
        }
    }

    /** The entry's path under {@code target}; an entry (or link) pointing outside it is refused. */
    private static Path inside(Path target, String name) throws IOException {
        Path path = target.resolve(name).normalize();
        if (!path.startsWith(target)) {
            throw new IOException("PostgreSQL's archive has an entry outside its folder: " + name);
        }
        return path;
    }

    /**
     * Names the archive without reading it: its CRC-32 and size from the jar's directory. (Hashing its 15 MB at every
     * start cost more than half a second while the JVM was still cold.) Outside a jar, its SHA-256 prefix.
     */
    private static String identity(String resource) throws IOException {
        URL url = PostgresBinaries.class.getClassLoader().getResource(resource);
        if (url != null && url.openConnection() instanceof JarURLConnection jar) {
            jar.setUseCaches(false);
            JarEntry entry = jar.getJarEntry();
            if (entry.getCrc() >= 0 && entry.getSize() >= 0) {
                return String.format("%08x%08x", entry.getCrc(), entry.getSize());
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(read(resource))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String os() {
        String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        return name.contains("mac") ? "darwin" : name.contains("win") ? "windows" : "linux";
    }

    private static String arch() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> arch;
        };
    }
}
