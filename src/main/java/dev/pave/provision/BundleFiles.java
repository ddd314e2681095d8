package dev.pave.provision;

import java.nio.file.Path;

/** Where a rendered bundle file goes inside a folder, refusing paths that would land outside it. */
public final class BundleFiles {

    private BundleFiles() {
    }

    /**
     * {@code root} joined with the bundle-relative {@code path}.
     *
     * @throws IllegalArgumentException for an absolute path, or one whose {@code ..} climbs out of {@code root}
     */
    public static Path resolve(Path root, String path) {
        Path base = root.toAbsolutePath().normalize();
        Path target = base.resolve(path).normalize();
        if (path.isBlank() || Path.of(path).isAbsolute() || !target.startsWith(base) || target.equals(base)) {
            throw new IllegalArgumentException("Refusing bundle file '" + path + "': it points outside its folder");
        }
        return target;
    }
}
