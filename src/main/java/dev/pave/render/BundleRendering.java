package dev.pave.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.error.ValidationException;
import dev.pave.template.bundle.Manifest;
import dev.pave.template.bundle.ValidatedBundle;
import io.micrometer.core.annotation.Timed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders one infrastructure folder of a bundle the way Proton does: CloudFormation templates through Jinja with
 * the resource's namespaces; Terraform and CodeBuild files as they are (Terraform reads its inputs from the
 * generated tfvars, commands from proton-inputs.json). Previews and deployments both come through here, so what
 * a preview shows is what a deployment applies.
 */
@ApplicationScoped
public class BundleRendering {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TemplateRenderer renderer;

    public BundleRendering() {
    }

    public BundleRendering(TemplateRenderer renderer) {
        this.renderer = renderer;
    }

    /**
     * @param folder {@code infrastructure}, {@code instance_infrastructure} or {@code pipeline_infrastructure}
     * @return every file of the folder by path relative to it, rendered where the engine renders
     */
    @Timed(value = "pave.render", description = "Rendering one infrastructure folder of a bundle, for a deployment or a preview")
    public Map<String, String> renderFolder(ValidatedBundle bundle, String folder, Map<String, Object> context) {
        Manifest manifest = bundle.manifests().get(folder);
        if (manifest == null) {
            throw new IllegalArgumentException("the bundle has no " + folder + "/ folder");
        }
        Map<String, String> files = new LinkedHashMap<>();
        String prefix = folder + "/";
        for (String path : bundle.bundle().paths()) {
            if (!path.startsWith(prefix)) {
                continue;
            }
            String relative = path.substring(prefix.length());
            String text = bundle.bundle().text(path);
            boolean jinja = manifest.engine() == Manifest.Engine.CLOUDFORMATION && manifest.files().contains(path);
            try {
                files.put(relative, jinja ? renderer.render(relative, text, context) : text);
            } catch (RenderException e) {
                throw new ValidationException("Rendering " + folder + "/" + e.getMessage());
            }
        }
        return files;
    }

    /** A resolved input document as the plain Java values templates see (ints stay ints, booleans print as Python's). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> values(JsonNode inputs) {
        return inputs == null || inputs.isNull() ? Map.of() : JSON.convertValue(inputs, LinkedHashMap.class);
    }
}
