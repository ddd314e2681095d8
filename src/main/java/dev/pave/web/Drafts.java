package dev.pave.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.deploy.DeploymentType;
import dev.pave.error.PaveException;
import dev.pave.error.ValidationException;
import dev.pave.identity.Caller;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.template.bundle.ValidatedBundle;
import dev.pave.web.forms.InputForm;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the create and edit pages of environments, service instances and pipelines share: which version a form
 * follows, its generated input form (prefilled or as posted), the deployment type the user chose, and a service's
 * refusal placed next to the input it names.
 */
@ApplicationScoped
public class Drafts {

    /** The input type of a template version a form edits, as Proton's schema names it. */
    public enum InputType {
        ENVIRONMENT(TemplateType.ENVIRONMENT, null),
        INSTANCE(TemplateType.SERVICE, "instance"),
        PIPELINE(TemplateType.SERVICE, "pipeline");

        final TemplateType templateType;
        /** The {@code schema} parameter of {@link InputForms#validate}; null for environments. */
        final String schema;

        InputType(TemplateType templateType, String schema) {
            this.templateType = templateType;
            this.schema = schema;
        }

        static InputType of(TemplateType type, String schema) {
            if (type == TemplateType.ENVIRONMENT) {
                return ENVIRONMENT;
            }
            return "pipeline".equals(schema) ? PIPELINE : INSTANCE;
        }
    }

    @Inject
    TemplateService templates;

    /** The version a form names ({@code major.minor}), else the template's recommended one. */
    TemplateVersion chosen(Caller caller, Template t, String version) {
        if (version != null && !version.isBlank()) {
            int[] v = TemplatePaths.version(version);
            return templates.version(caller, t.type, t.name, v[0], v[1]);
        }
        return templates.recommendedVersion(t).orElseThrow(() -> new ValidationException(
                "Template " + t.name + " has no published version yet"));
    }

    /** The version's input type for the form: its environment or instance inputs, or its pipeline's. */
    JsonNode schema(TemplateVersion v, InputType type) {
        ValidatedBundle bundle = templates.bundle(v);
        return type == InputType.PIPELINE && bundle.pipelineInputSchema() != null ? bundle.pipelineInputSchema() : bundle.inputSchema();
    }

    /** A form prefilled with a resource's current inputs (JSON as stored), defaults where one is absent. */
    Draft prefilled(Caller caller, Template t, TemplateVersion v, InputType type, Form form, JsonNode inputs) {
        return draft(caller, t, v, type, form, InputForm.of(schema(v, type), inputs));
    }

    /** The form as posted: page fields in a Form, inputs of the version it names in an InputForm. */
    Draft posted(Caller caller, Template t, InputType type, MultivaluedMap<String, String> body) {
        Form form = Form.posted(body);
        TemplateVersion v = chosen(caller, t, form.valueOf("version"));
        return draft(caller, t, v, type, form, InputForm.posted(schema(v, type), InputForms.params(body)));
    }

    Draft draft(Caller caller, Template t, TemplateVersion v, InputType type, Form form, InputForm inputs) {
        List<TemplateVersion> published = templates.versions(caller, t.type, t.name, null, 0, 100).stream()
                .filter(x -> x.status == TemplateVersion.Status.PUBLISHED).toList();
        return new Draft(t, published, v, form, inputs, InputForms.validateUrl(type, t.name, v.version()));
    }

    /**
     * An edit's submit: the deployment type chosen among those offered, the inputs checked (unless NONE, which deploys
     * nothing), then the change. False when any of them refused, its message placed by the field or above the form.
     *
     * @param specPrefix how the service names the inputs in its messages: {@code spec}, or {@code spec.pipeline}
     */
    static boolean submitted(Draft draft, Set<DeploymentType> offered, String specPrefix, Consumer<DeploymentType> change) {
        DeploymentType type = deploymentType(draft.form(), offered);
        if (type == null || type != DeploymentType.NONE && !draft.inputs().validate()) {
            return false;
        }
        try {
            change.accept(type);
            return true;
        } catch (ValidationException e) {
            placeServiceError(draft, e, specPrefix);
        } catch (PaveException e) {
            draft.form().reject(e);
        }
        return false;
    }

    /** The deployment type the form chose among those offered; null, with the error by its radios, when none. */
    static DeploymentType deploymentType(Form f, Set<DeploymentType> offered) {
        for (DeploymentType type : offered) {
            if (type.name().equals(f.valueOf("deploymentType"))) {
                return type;
            }
        }
        f.reject("deploymentType", "Choose how to deploy the change.");
        return null;
    }

    /**
     * A service's ValidationException: its {@code <specPrefix>.x: …} parts next to the inputs they name, the rest
     * above the form. Instances and environments name inputs {@code spec.x}, pipelines {@code spec.pipeline.x}.
     */
    static void placeServiceError(Draft draft, ValidationException e, String specPrefix) {
        if (e.getMessage().startsWith(specPrefix + ".")) {
            for (String problem : e.getMessage().split("; ")) {
                draft.inputs().placeError(problem.startsWith(specPrefix + ".") ? "spec." + problem.substring(specPrefix.length() + 1) : problem);
            }
        } else {
            draft.form().reject(e);
        }
    }
}
