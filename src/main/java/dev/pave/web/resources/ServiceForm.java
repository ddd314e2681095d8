package dev.pave.web.resources;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.environment.Environment;
import dev.pave.environment.EnvironmentService.TemplateFilter;
import dev.pave.environment.EnvironmentService;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ValidationException;
import dev.pave.repository.RepositoryService;
import dev.pave.schema.Spec;
import dev.pave.schema.SpecDocuments;
import dev.pave.service.Service;
import dev.pave.service.ServiceDeployments;
import dev.pave.service.ServiceInstance;
import dev.pave.service.ServiceService;
import dev.pave.sync.ServiceSyncProposals;
import dev.pave.template.Template;
import dev.pave.template.TemplateService.CompatibleEnvironment;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.template.bundle.ValidatedBundle;
import dev.pave.web.QueryParams;
import dev.pave.web.Viewer;
import dev.pave.web.forms.Draft;
import dev.pave.web.forms.Drafts;
import dev.pave.web.forms.Form;
import dev.pave.web.forms.InputForm;
import dev.pave.web.forms.InputForms;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service form of the create and edit pages: the pipeline's and each instance's inputs as posted, checked field
 * by field, the service's refusals placed by their spec path, and the {@code proton: ServiceSpec} it becomes.
 */
@ApplicationScoped
public class ServiceForm {

    static final int MAX_ENVIRONMENTS = 200;
    static final String PIPELINE = "pipeline";
    /** Instance fields are named {@code instance.<index>.name}, {@code instance.<index>.input.<path>}, … */
    private static final Pattern INSTANCE_PARAM = Pattern.compile("^instance\\.(\\d{1,4})\\.");

    @Inject
    ServiceService services;

    @Inject
    EnvironmentService environments;

    @Inject
    TemplateService templates;

    @Inject
    Drafts drafts;

    @Inject
    Viewer viewer;

    @Inject
    RepositoryService repositories;

    /** One instance block of the create or edit form: the index its parameters carry, and its inputs. */
    @TemplateData
    public record InstanceDraft(int index, InputForm inputs) {
        public String nameParam() {
            return "instance." + index + ".name";
        }

        public String environmentParam() {
            return "instance." + index + ".environment";
        }

        /** With "Manage from Git": where this instance's spec file goes, and on which branch. */
        public String specPathParam() {
            return "instance." + index + ".specPath";
        }

        public String specBranchParam() {
            return "instance." + index + ".specBranch";
        }
    }

    /**
     * A service being created, or the instances being added to one on edit, as the form shows it.
     *
     * @param pipeline whether the version has a Pave-managed pipeline (then {@code pipelineInputs} is its form)
     * @param environments the environments the version is compatible with, deployed or not
     */
    @TemplateData
    public record Draft(Template template, List<TemplateVersion> versions, TemplateVersion version, boolean pipeline, Form form,
            InputForm pipelineInputs, List<InstanceDraft> instances, List<Environment> environments, List<String> compatible,
            String validatePipeline, String validateInstance, List<String> repositories) {

        /** Whether the instances are to be managed from Git (service sync) rather than here. */
        public boolean fromGit() {
            return "git".equals(form.valueOf("managed"));
        }

        /** The index the next "Add instance" block gets. */
        public int nextIndex() {
            return instances.stream().mapToInt(InstanceDraft::index).max().orElse(-1) + 1;
        }

        /** What the "Add instance" button fetches: an empty block for the next index of this template version. */
        public String addInstanceUrl() {
            return "/services/new/instance?template=" + QueryParams.encode(template.name) + "&version=" + QueryParams.encode(version.version())
                    + "&index=" + nextIndex();
        }

        /** Whether an instance can be placed at all: a compatible environment is deployed. */
        public boolean deployable() {
            return environments.stream().anyMatch(e -> e.deployment.deployed());
        }

        /** The compatible environment templates' names, for links to create such an environment. */
        public List<String> compatibleTemplates() {
            return compatible.stream().map(c -> c.substring(0, c.lastIndexOf(':'))).distinct().toList();
        }
    }

    static InstanceDraft newInstance(ValidatedBundle bundle, int index) {
        return new InstanceDraft(index, InputForm.of(bundle.inputSchema(), null, InputForm.prefix("instance." + index)));
    }

    Draft draft(Template t, TemplateVersion v, Form form, InputForm pipelineInputs, List<InstanceDraft> instances) {
        var caller = viewer.caller();
        List<CompatibleEnvironment> compatible = templates.compatibleEnvironments(v);
        List<Environment> envs = compatible.isEmpty() ? List.of() : environments.environments(caller,
                compatible.stream().map(c -> new TemplateFilter(c.templateName(), c.majorVersion())).toList(), 0, MAX_ENVIRONMENTS);
        return new Draft(t, drafts.published(caller, t), v, pipelineInputs != null, form, pipelineInputs, instances, envs,
                compatible.stream().map(c -> c.templateName() + ":" + c.majorVersion()).toList(),
                InputForms.validateUrl(Drafts.InputType.PIPELINE, t.name, v.version()),
                InputForms.validateUrl(Drafts.InputType.INSTANCE, t.name, v.version()),
                repositories.choices(caller));
    }

    /** The create form as posted: page fields in a Form, the pipeline's and each instance's inputs in their own InputForm. */
    Draft posted(MultivaluedMap<String, String> body) {
        return posted(body, true);
    }

    /** @param refuseStray whether inputs for a form the page doesn't have are refused (a version switch drops them) */
    Draft posted(MultivaluedMap<String, String> body, boolean refuseStray) {
        Form form = Form.posted(body);
        Template t = templates.template(viewer.caller(), TemplateType.SERVICE, form.valueOf("template"));
        TemplateVersion v = drafts.chosen(viewer.caller(), t, form.valueOf("version"));
        ValidatedBundle bundle = templates.bundle(v);
        InputForm pipelineInputs = ServiceDeployments.hasPipeline(t, bundle)
                ? InputForm.posted(bundle.pipelineInputSchema(), InputForms.params(body), InputForm.prefix(PIPELINE)) : null;
        Draft draft = draft(t, v, form, pipelineInputs, postedInstances(bundle, body));
        if (refuseStray) {
            refuseStrayInputs(draft, body);
        }
        return draft;
    }

    /** Inputs posted for a form the page doesn't have (a pipeline the version lacks, say) are refused, not dropped. */
    static void refuseStrayInputs(Draft draft, MultivaluedMap<String, String> body) {
        Set<String> prefixes = new HashSet<>();
        if (draft.pipeline()) {
            prefixes.add(InputForm.prefix(PIPELINE));
        }
        draft.instances().forEach(i -> prefixes.add(InputForm.prefix("instance." + i.index())));
        List<String> stray = body.keySet().stream().filter(k -> InputForm.prefixOf(k) != null && !prefixes.contains(InputForm.prefixOf(k)))
                .sorted().toList();
        if (!stray.isEmpty()) {
            draft.form().reject(Form.WHOLE_FORM, String.join(", ", stray) + (stray.size() == 1 ? " is" : " are") + " not an input of "
                    + draft.template().name + " " + draft.version().version() + (draft.pipeline() ? "" : ", which has no pipeline") + ".");
        }
    }

    /** The instance blocks posted, in the order of their indexes; inputs of no block or pipeline are refused. */
    static List<InstanceDraft> postedInstances(ValidatedBundle bundle, MultivaluedMap<String, String> body) {
        Set<Integer> indexes = new TreeSet<>();
        for (String name : body.keySet()) {
            Matcher m = INSTANCE_PARAM.matcher(name);
            if (m.find()) {
                indexes.add(Integer.parseInt(m.group(1)));
            }
        }
        Map<String, List<String>> params = InputForms.params(body);
        return indexes.stream().map(k -> new InstanceDraft(k, InputForm.posted(bundle.inputSchema(), params, InputForm.prefix("instance." + k))))
                .toList();
    }

    /** The page's own fields, the pipeline's inputs and every instance; true when all are fine. */
    boolean checked(Draft draft) {
        Form f = draft.form();
        if (f.requireName("name") && services.exists(f.valueOf("name").strip())) {
            f.reject("name", "A service named " + f.valueOf("name").strip() + " already exists.");
        }
        if (draft.pipeline()) {
            if (!f.valueOf("repositoryConnectionArn").strip().matches("arn:aws[a-z-]*:[a-z-]+:[a-z0-9-]*:\\d{12}:.+")) {
                f.reject("repositoryConnectionArn", "The pipeline needs a repository connection ARN, e.g. "
                        + "arn:aws:codestar-connections:us-east-1:123456789012:connection/abc.");
            }
            if (!f.valueOf("repositoryId").strip().matches("[^/\\s]+/[^\\s]+")) {
                f.reject("repositoryId", "The pipeline needs the repository, e.g. my-org/my-service.");
            }
            if (f.valueOf("branchName").isBlank()) {
                f.reject("branchName", "The pipeline needs a branch.");
            }
        }
        boolean pipelineValid = !draft.pipeline() || draft.pipelineInputs().validate();
        boolean instancesValid = checkedInstances(draft, List.of());
        return pipelineValid && instancesValid && !f.hasErrors();
    }

    /**
     * Each instance block: a name unique in the service ({@code kept} are the names already there), a compatible
     * deployed environment and valid inputs. On create there must be at least one block.
     */
    boolean checkedInstances(Draft draft, List<String> kept) {
        Form f = draft.form();
        if (draft.instances().isEmpty() && kept.isEmpty()) {
            f.reject(Form.WHOLE_FORM, "Add at least one instance: a service runs in one or more environments.");
        }
        Set<String> names = new HashSet<>(kept);
        boolean inputsValid = true;
        for (InstanceDraft i : draft.instances()) {
            String name = f.valueOf(i.nameParam()).strip();
            if (f.requireName(i.nameParam()) && !names.add(name)) {
                f.reject(i.nameParam(), "Another instance of this service is named " + name + ".");
            }
            checkEnvironment(draft, f, i);
            inputsValid &= i.inputs().validate();
        }
        return inputsValid && !f.hasErrors();
    }

    void checkEnvironment(Draft draft, Form f, InstanceDraft i) {
        String chosen = f.valueOf(i.environmentParam()).strip();
        if (chosen.isEmpty()) {
            f.reject(i.environmentParam(), "Choose the environment this instance runs in.");
            return;
        }
        Environment compatible = draft.environments().stream().filter(e -> e.name.equals(chosen)).findFirst().orElse(null);
        if (compatible == null) {
            try {
                Environment other = environments.environment(viewer.caller(), chosen);
                f.reject(i.environmentParam(), "Environment " + chosen + " runs " + other.templateName + ":" + other.templateVersion.major
                        + "; version " + draft.version().version() + " of " + draft.template().name + " runs in "
                        + String.join(", ", draft.compatible()) + ".");
            } catch (ResourceNotFoundException e) {
                f.reject(i.environmentParam(), "There is no environment " + chosen + ".");
            }
        } else if (!compatible.deployment.deployed()) {
            f.reject(i.environmentParam(), "Environment " + chosen + " is not deployed yet.");
        }
    }

    /** With "Manage from Git", where the service's sync files go, as the form gives it (defaults are the proposal's to fill in). */
    static ServiceSyncProposals.Plan gitPlan(Draft draft) {
        Form f = draft.form();
        String repository = f.valueOf("syncRepository");
        int slash = repository.indexOf('/');
        Map<String, ServiceSyncProposals.Place> places = new LinkedHashMap<>();
        for (InstanceDraft i : draft.instances()) {
            places.put(f.valueOf(i.nameParam()).strip(), new ServiceSyncProposals.Place(f.valueOf(i.specBranchParam()), f.valueOf(i.specPathParam())));
        }
        return new ServiceSyncProposals.Plan(slash < 0 ? "" : repository.substring(0, slash), slash < 0 ? repository : repository.substring(slash + 1),
                f.valueOf("syncBranch"), f.valueOf("opsPath"), places);
    }

    /**
     * The service's refusal: {@code spec.pipeline.…} and {@code spec.instances[n].spec.…} next to their fields, the
     * rest above; the form's blocks follow {@code before} instances in the spec.
     */
    static void placeServiceError(Draft draft, int before, ValidationException e) {
        Map<String, InputForm> forms = new LinkedHashMap<>();
        if (draft.pipeline()) {
            forms.put("spec.pipeline.", draft.pipelineInputs());
        }
        for (int n = 0; n < draft.instances().size(); n++) {
            forms.put("spec.instances[" + (before + n) + "].spec.", draft.instances().get(n).inputs());
        }
        Drafts.placeServiceError(draft.form(), e, forms);
    }

    /** The {@code proton: ServiceSpec} of the form: the pipeline's inputs (when it has one) and the instances in block order. */
    static String specYaml(Draft draft) {
        ObjectNode doc = SpecDocuments.start("ServiceSpec");
        if (draft.pipeline()) {
            doc.set("pipeline", draft.pipelineInputs().inputs());
        }
        addInstances(doc.putArray("instances"), draft);
        return SpecDocuments.yaml(doc);
    }

    static void addInstances(ArrayNode instances, Draft draft) {
        for (InstanceDraft i : draft.instances()) {
            ObjectNode instance = instances.addObject().put("name", draft.form().valueOf(i.nameParam()).strip())
                    .put("environment", draft.form().valueOf(i.environmentParam()).strip());
            instance.set("spec", i.inputs().inputs());
        }
    }

    /**
     * The service's spec (its pipeline kept) listing the instances it keeps, as they run (CreateServiceInstance adds
     * instances without touching the spec), then the new ones.
     */
    static String editedSpec(Service s, List<ServiceInstance> kept, Draft draft) {
        ObjectNode doc = s.spec == null ? SpecDocuments.start("ServiceSpec") : Spec.parse(s.spec, Spec.Kind.ServiceSpec);
        ArrayNode instances = doc.putArray("instances");
        for (ServiceInstance i : kept) {
            // as it runs them: stored as JSON, defaults applied
            instances.addObject().put("name", i.name).put("environment", i.environmentName).set("spec", SpecDocuments.read(i.spec));
        }
        addInstances(instances, draft);
        return SpecDocuments.yaml(doc);
    }
}
