package dev.pave.template.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Collects archive entries one at a time, refusing each as soon as it breaks a rule. */
final class BundleEntries {

    /** Folders of the bundle layout itself; never stripped as a wrapping folder. */
    private static final Set<String> LAYOUT_FOLDERS =
            Set.of("schema", "infrastructure", "instance_infrastructure", "pipeline_infrastructure");

    private final BundleQuotas quotas;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private long expandedBytes;
    private int templateFiles;

    BundleEntries(BundleQuotas quotas) {
        this.quotas = quotas;
    }

    /**
     * Normalizes an entry name: backslashes become slashes, "." segments go, ".." segments are resolved.
     * Returns "" for the root itself.
     */
    static String normalize(String name) {
        String path = name.replace('\\', '/');
        if (path.startsWith("/") || path.matches("^[A-Za-z]:.*")) {
            throw new BundleException("entry '" + name + "' is an absolute path");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    throw new BundleException("entry '" + name + "' escapes the bundle root");
                }
                segments.remove(segments.size() - 1);
            } else {
                segments.add(segment);
            }
        }
        return String.join("/", segments);
    }

    /** Reads one regular file, stopping as soon as it passes its own quota or the bundle's. */
    void addFile(String name, InputStream content) throws IOException {
        String path = normalize(name);
        if (path.isEmpty()) {
            throw new BundleException("entry '" + name + "' has no file name");
        }
        if (files.containsKey(path)) {
            throw new BundleException("entry '" + name + "' appears twice in the bundle");
        }
        if (files.size() == quotas.maxFiles()) {
            throw new BundleException("bundle has more than " + quotas.maxFiles() + " files");
        }
        if (BundleQuotas.isTemplateFile(path) && ++templateFiles > quotas.templateFiles()) {
            throw new BundleException("bundle has more than " + quotas.templateFiles()
                    + " template files (the schema, manifests, .compatible-envs and .template-registration.yaml"
                    + " are not counted)");
        }
        files.put(path, read(path, content));
    }

    private byte[] read(String path, InputStream content) throws IOException {
        long limit = quotas.maxBytes(path);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = content.read(buffer)) != -1) {
            out.write(buffer, 0, n);
            expandedBytes += n;
            if (out.size() > limit) {
                throw new BundleException(path + " is larger than " + BundleQuotas.describe(limit));
            }
            if (expandedBytes > quotas.expandedBytes()) {
                throw new BundleException("bundle expands to more than " + BundleQuotas.describe(quotas.expandedBytes()));
            }
        }
        return out.toByteArray();
    }

    /**
     * The bundle, with wrapping folders stripped: people tar the folder that holds the bundle
     * ("tar -zcvf env-template.tar.gz environment/", and since the samples moved to template-sync layout,
     * "lambda-env/" which holds "v1/"). A folder is stripped while it holds every file and is not a bundle
     * layout folder.
     */
    Bundle toBundle() {
        Map<String, byte[]> current = files;
        String wrapper;
        while ((wrapper = wrappingFolder(current)) != null) {
            Map<String, byte[]> stripped = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> file : current.entrySet()) {
                stripped.put(file.getKey().substring(wrapper.length() + 1), file.getValue());
            }
            current = stripped;
        }
        return new Bundle(current);
    }

    private static String wrappingFolder(Map<String, byte[]> files) {
        String folder = null;
        for (String path : files.keySet()) {
            int slash = path.indexOf('/');
            if (slash < 0) {
                return null;
            }
            String top = path.substring(0, slash);
            if (folder != null && !folder.equals(top)) {
                return null;
            }
            folder = top;
        }
        return folder == null || LAYOUT_FOLDERS.contains(folder) ? null : folder;
    }
}
