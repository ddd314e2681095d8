package dev.pave.web.forms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.deploy.DeploymentType;
import dev.pave.deploy.plan.VersionRules;
import dev.pave.error.PaveException;
import dev.pave.error.ValidationException;
import dev.pave.identity.Caller;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.template.bundle.ValidatedBundle;
import dev.pave.web.catalog.TemplatePaths;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the create and edit pages of environments, services, service instances, pipelines and components share: which
 * version a form follows and the versions it may choose, its generated input form (prefilled or as posted), the
 * deployment type the user chose, and a service's refusal placed next to the input it names.
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

    /** The Form field carrying the version switch's notice (tags/versionSwitch.html shows it). */
    static final String VERSION_SWITCH = "versionSwitch";

    @Inject
    TemplateService templates;

    @Inject
    VersionRules versionRules;

    /** The version a form names ({@code major.minor}), else the template's recommended one. */
    public TemplateVersion chosen(Caller caller, Template t, String version) {
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
    public Draft prefilled(Caller caller, Template t, TemplateVersion v, InputType type, Form form, JsonNode inputs) {
        return draft(caller, t, v, type, form, InputForm.of(schema(v, type), inputs));
    }

    /** The form as posted: page fields in a Form, inputs of the version it names in an InputForm. */
    public Draft posted(Caller caller, Template t, InputType type, MultivaluedMap<String, String> body) {
        Form form = Form.posted(body);
        TemplateVersion v = chosen(caller, t, form.valueOf("version"));
        return draft(caller, t, v, type, form, InputForm.posted(schema(v, type), InputForms.params(body)));
    }

    /** The form re-posted with another version chosen: what that version declares is kept, the rest dropped and named. */
    public Draft switched(Caller caller, Template t, InputType type, MultivaluedMap<String, String> body) {
        Draft draft = posted(caller, t, type, body);
        noteDropped(draft.form(), draft.version(), draft.inputs().dropUndeclared());
        return draft;
    }

    /** Tells the page which typed inputs a version switch dropped ({@code versionSwitch} on the Form). */
    public static void noteDropped(Form form, TemplateVersion v, List<String> dropped) {
        form.with(VERSION_SWITCH, "Now on " + v.version() + (dropped.isEmpty() ? "; every value you typed was kept."
                : "; it has no " + String.join(", ", dropped) + ", so " + (dropped.size() == 1 ? "that value was" : "those values were") + " dropped."));
    }

    Draft draft(Caller caller, Template t, TemplateVersion v, InputType type, Form form, InputForm inputs) {
        return new Draft(t, published(caller, t), v, form, inputs, InputForms.validateUrl(type, t.name, v.version()));
    }

    /** The versions a form may choose: the template's offered (published, not deprecated) ones, newest first. */
    public List<TemplateVersion> published(Caller caller, Template t) {
        return versionRules.published(caller, t);
    }

    /**
     * An edit's submit: the deployment type chosen among those offered, the inputs checked (unless NONE, which deploys
     * nothing), then the change. False when any of them refused, its message placed by the field or above the form.
     *
     * @param specPrefix how the service names the inputs in its messages: {@code spec}, or {@code spec.pipeline}
     */
    public static boolean submitted(Draft draft, Set<DeploymentType> offered, String specPrefix, Consumer<DeploymentType> change) {
        DeploymentType type = deploymentType(draft.form(), offered);
        if (type == null || type != DeploymentType.NONE && !draft.inputs().validate()) {
            return false;
        }
        return attempt(draft.form(), () -> change.accept(type), e -> placeServiceError(draft, e, specPrefix));
    }

    /**
     * A submit's call to a service: true when it went through. A ValidationException goes to {@code place} (which puts
     * its parts by the fields they name), any other refusal above the form.
     */
    public static boolean attempt(Form form, Runnable change, Consumer<ValidationException> place) {
        try {
            change.run();
            return true;
        } catch (ValidationException e) {
            place.accept(e);
        } catch (PaveException e) {
            form.reject(e);
        }
        return false;
    }

    /** The deployment type the form chose among those offered; null, with the error by its radios, when none. */
    public static DeploymentType deploymentType(Form f, Set<DeploymentType> offered) {
        for (DeploymentType type : offered) {
            if (type.name().equals(f.valueOf("deploymentType"))) {
                return type;
            }
        }
        f.reject("deploymentType", "Choose how to deploy the change.");
        return null;
    }

    /**
     * A service's ValidationException about a draft's one input form: its {@code <specPrefix>.x: …} parts next to the
     * inputs they name, the rest above the form. Instances and environments name inputs {@code spec.x}, pipelines
     * {@code spec.pipeline.x}.
     */
    public static void placeServiceError(Draft draft, ValidationException e, String specPrefix) {
        placeServiceError(draft.form(), e, Map.of(specPrefix + ".", draft.inputs()));
    }

    /**
     * A service's ValidationException about a page with several input forms: each {@code spec.x: …} part goes to the
     * input form whose spec path it starts with ({@code spec.pipeline.} or {@code spec.instances[1].spec.} for a
     * service; the longest wins), the rest above the page's form.
     */
    public static void placeServiceError(Form form, ValidationException e, Map<String, InputForm> formsBySpecPath) {
        List<String> unplaced = new ArrayList<>();
        for (ValidationException.Problem problem : e.problems()) {
            String path = problem.path();
            formsBySpecPath.keySet().stream().filter(prefix -> path != null && path.startsWith(prefix)).max(Comparator.comparingInt(String::length))
                    .ifPresentOrElse(prefix -> formsBySpecPath.get(prefix).placeError(
                            ValidationException.Problem.at("spec." + path.substring(prefix.length()), problem.detail())),
                            () -> unplaced.add(problem.message()));
        }
        if (!unplaced.isEmpty()) {
            form.reject(Form.WHOLE_FORM, String.join("; ", unplaced));
        }
    }
}
