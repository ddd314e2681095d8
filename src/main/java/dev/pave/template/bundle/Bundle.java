package dev.pave.template.bundle;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The files of a template bundle, by normalized relative path ("schema/schema.yaml"), in archive order. */
public final class Bundle {

    private final Map<String, byte[]> files;

    Bundle(Map<String, byte[]> files) {
        this.files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    public Set<String> paths() {
        return files.keySet();
    }

    public boolean contains(String path) {
        return files.containsKey(path);
    }

    /** A copy of the file's bytes, so the bundle stays immutable. */
    public byte[] bytes(String path) {
        byte[] content = files.get(path);
        if (content == null) {
            throw new BundleException(path + " is missing");
        }
        return Arrays.copyOf(content, content.length);
    }

    public String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    public int size() {
        return files.size();
    }
}
