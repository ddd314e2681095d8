package dev.pave.web.resources;

import dev.pave.web.Htmx;
import dev.pave.web.QueryParams;
import dev.pave.web.Texts;
import dev.pave.web.Viewer;
import dev.pave.web.forms.Draft;
import dev.pave.web.forms.SpecDocuments;
import dev.pave.web.forms.Form;
import dev.pave.web.forms.Drafts;
import dev.pave.web.forms.InputForms;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.component.Component;
import dev.pave.component.ComponentService;
import dev.pave.environment.Environment;
import dev.pave.environment.EnvironmentService;
import dev.pave.environment.EnvironmentService.TemplateFilter;
import dev.pave.error.PaveException;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ValidationException;
import dev.pave.render.ProtonContext.ServiceRef;
import dev.pave.render.RenderPreview;
import dev.pave.schema.Spec;
import dev.pave.service.Service;
import dev.pave.service.ServiceInstance;
import dev.pave.service.ServiceService;
import dev.pave.service.ServiceDeployments;
import dev.pave.service.ServiceSearch;
import dev.pave.service.ServiceService.NewService;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateService.CompatibleEnvironment;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.template.bundle.ValidatedBundle;
import dev.pave.web.forms.InputForm;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Services: the list, the create flow (template, version, details and repository, pipeline inputs, one or more
 * instances each in a compatible environment with its own inputs, a review with the {@code proton: ServiceSpec}
 * and a render preview), a service's page with its pipeline, instances and components, and edit and delete. The
 * pipeline, instance and component pages belong to their own controllers; this one links to them. Every change
 * goes through {@link ServiceService}, which checks the caller's roles again.
 */
@Path("/services")
public class Services {

    static final int PAGE_SIZE = 50;
    static final int CHOICES = 24;
    static final int SEARCHED = 200;
    static final int MAX_ENVIRONMENTS = 200;
    static final int MAX_COMPONENTS = 100;

    /** Instance fields are named {@code instance.<index>.name}, {@code instance.<index>.input.<path>}, … */
    private static final Pattern INSTANCE_PARAM = Pattern.compile("^instance\\.(\\d{1,4})\\.");
    private static final String PIPELINE = "pipeline";

    /** A row of the list. */
    @TemplateData
    public record Row(Service service, long instances) {
        public String statusCss() {
            return Services.statusCss(service.status);
        }
    }

    /** One instance block of the create or edit form: the index its parameters carry, and its inputs. */
    @TemplateData
    public record InstanceDraft(int index, InputForm inputs) {
        public String nameParam() {
            return "instance." + index + ".name";
        }

        public String environmentParam() {
            return "instance." + index + ".environment";
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
            String validatePipeline, String validateInstance) {

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

    /** A service's page. */
    @TemplateData
    public record Page(Service service, Template template, String version, List<ServiceInstance> instances, List<Component> components,
            boolean busy) {
        public String statusCss() {
            return Services.statusCss(service.status);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<Row> rows, String text, boolean mine, int page, boolean more);

        static native TemplateInstance index$list(List<Row> rows, String text, boolean mine, int page, boolean more);

        static native TemplateInstance choose(List<Template> templates, Map<Long, String> recommended, String text, boolean more);

        static native TemplateInstance choose$list(List<Template> templates, Map<Long, String> recommended, String text, boolean more);

        static native TemplateInstance add(Draft draft);

        static native TemplateInstance instance(Draft draft, InstanceDraft instance, boolean oob);

        static native TemplateInstance review(Draft draft, String spec, Map<String, String> preview, String previewError);

        static native TemplateInstance show(Page page);

        static native TemplateInstance show$status(Page page);

        static native TemplateInstance edit(Service service, List<ServiceInstance> current, Draft draft);

        static native TemplateInstance delete(Page page);
    }

    @Inject
    ServiceService services;

    @Inject
    ServiceSearch search;

    @Inject
    EnvironmentService environments;

    @Inject
    ComponentService components;

    @Inject
    TemplateService templates;

    @Inject
    RenderPreview preview;

    @Inject
    Drafts drafts;

    @Inject
    Viewer viewer;

    @Inject
    Htmx htmx;

    // --- list ------------------------------------------------------------------------------------------------

    /** Every service, or (mine) those the viewer created, filtered by text. */
    @GET
    public TemplateInstance index(@RestQuery String text, @RestQuery boolean mine, @RestQuery Integer page) {
        int current = QueryParams.page(page);
        String filter = QueryParams.text(text);
        List<Service> found = search.services(viewer.caller(), filter, mine ? viewer.getUsername() : null, (current - 1) * PAGE_SIZE, PAGE_SIZE + 1);
        List<Service> shown = found.subList(0, Math.min(PAGE_SIZE, found.size()));
        Map<String, Long> counts = search.instanceCounts(shown);
        List<Row> rows = shown.stream().map(s -> new Row(s, counts.getOrDefault(s.name, 0L))).toList();
        boolean more = found.size() > PAGE_SIZE;
        return htmx.targets("service-list") ? Templates.index$list(rows, filter, mine, current, more) : Templates.index(rows, filter, mine, current, more);
    }

    // --- create ----------------------------------------------------------------------------------------------

    /** Step one lists the service templates; with a template, its form (the recommended version unless one is chosen). */
    @GET
    @Path("new")
    @RolesAllowed({"developer", "platform-admin"})
    public TemplateInstance add(@RestQuery String template, @RestQuery String version, @RestQuery String text) {
        if (template == null || template.isBlank()) {
            String filter = QueryParams.text(text);
            // only templates with a published version can be used; unpublished ones are skipped among the first SEARCHED
            List<Template> found = templates.search(viewer.caller(), TemplateType.SERVICE, filter, 0, SEARCHED);
            Map<Long, String> recommended = templates.recommendedVersions(found);
            List<Template> usable = found.stream().filter(t -> recommended.containsKey(t.id)).toList();
            List<Template> shown = usable.subList(0, Math.min(CHOICES, usable.size()));
            boolean more = usable.size() > CHOICES || found.size() == SEARCHED;
            return htmx.targets("template-list") ? Templates.choose$list(shown, recommended, filter, more)
                    : Templates.choose(shown, recommended, filter, more);
        }
        Template t = templates.template(viewer.caller(), TemplateType.SERVICE, template);
        TemplateVersion v = drafts.chosen(viewer.caller(), t, version);
        ValidatedBundle bundle = templates.bundle(v);
        Form form = Form.empty().with("template", t.name).with("version", v.version()).with("branchName", "main");
        InputForm pipelineInputs = ServiceDeployments.hasPipeline(t, bundle) ? InputForm.of(bundle.pipelineInputSchema(), null, InputForm.prefix(PIPELINE)) : null;
        return Templates.add(draft(t, v, form, pipelineInputs, List.of(newInstance(bundle, 0))));
    }

    /** The "Add instance" fragment: an empty instance block, and the button again with the next index. */
    @GET
    @Path("new/instance")
    @RolesAllowed({"developer", "platform-admin"})
    public TemplateInstance newInstance(@RestQuery String template, @RestQuery String version, @RestQuery int index) {
        Template t = templates.template(viewer.caller(), TemplateType.SERVICE, template);
        TemplateVersion v = drafts.chosen(viewer.caller(), t, version);
        if (index < 0 || index > 9999) {
            throw new ValidationException("An instance index is between 0 and 9999");
        }
        InstanceDraft instance = newInstance(templates.bundle(v), index);
        return Templates.instance(draft(t, v, Form.empty(), null, List.of(instance)), instance, true);
    }

    /**
     * The review's way back, and the version switch: the form again with every value, unchecked. On a switch, what
     * the newly chosen version doesn't declare (inputs, or a pipeline it lacks) is dropped and named, not refused.
     */
    @POST
    @Path("new")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"developer", "platform-admin"})
    public TemplateInstance back(MultivaluedMap<String, String> body) {
        if (!body.containsKey("switchVersion")) {
            return Templates.add(posted(body));
        }
        Draft draft = posted(body, false);
        List<String> dropped = new ArrayList<>();
        if (draft.pipelineInputs() != null) {
            draft.pipelineInputs().dropUndeclared().forEach(p -> dropped.add("pipeline." + p));
        }
        draft.instances().forEach(i -> i.inputs().dropUndeclared().forEach(p -> dropped.add(p + " (instance " + i.index() + ")")));
        Drafts.noteDropped(draft.form(), draft.version(), dropped);
        return Templates.add(draft);
    }

    /** Checks everything the create request will and shows the spec and the rendered files, deploying nothing. */
    @POST
    @Path("review")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"developer", "platform-admin"})
    public Response review(MultivaluedMap<String, String> body) {
        Draft draft = posted(body);
        if (!checked(draft)) {
            return Response.status(400).entity(Templates.add(draft)).build();
        }
        String spec = specYaml(draft);
        Form f = draft.form();
        Map<String, String> files = new LinkedHashMap<>();
        String previewError = null;
        try {
            RenderPreview.Result result = preview.render(viewer.caller(), new RenderPreview.Request(TemplateType.SERVICE, draft.template().name,
                    draft.version().majorVersion, draft.version().minorVersion, f.valueOf("name").strip(), Spec.parse(spec, Spec.Kind.ServiceSpec),
                    Map.of(), new ServiceRef(f.valueOf("name").strip(), Texts.emptyToNull(f.valueOf("branchName")),
                            Texts.emptyToNull(f.valueOf("repositoryConnectionArn")), Texts.emptyToNull(f.valueOf("repositoryId")))));
            result.instances().forEach((instance, rendered) -> rendered.forEach((path, content) -> files.put(instance + ": " + path, content)));
            if (result.pipeline() != null) {
                result.pipeline().forEach((path, content) -> files.put("pipeline: " + path, content));
            }
        } catch (PaveException e) {
            previewError = e.getMessage();
        }
        return Response.ok(Templates.review(draft, spec, files, previewError)).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"developer", "platform-admin"})
    public Response create(MultivaluedMap<String, String> body) {
        Draft draft = posted(body);
        Form f = draft.form();
        String name = f.valueOf("name").strip();
        if (checked(draft) && Drafts.attempt(f, () -> services.create(viewer.caller(), new NewService(name, draft.template().name,
                draft.version().majorVersion, draft.version().minorVersion, specYaml(draft), Texts.emptyToNull(f.valueOf("description")),
                Texts.emptyToNull(f.valueOf("repositoryConnectionArn")), Texts.emptyToNull(f.valueOf("repositoryId")),
                Texts.emptyToNull(f.valueOf("branchName")), Map.of())), e -> placeServiceError(draft, 0, e))) {
            return Response.seeOther(URI.create("/services/" + name)).build();
        }
        return Response.status(400).entity(Templates.add(draft)).build();
    }

    // --- one service ----------------------------------------------------------------------------------------

    @GET
    @Path("{name}")
    public TemplateInstance show(@RestPath String name) {
        Page page = page(name);
        return htmx.targets("service-status") ? Templates.show$status(page) : Templates.show(page);
    }

    /** Edit: the description, and instances added (through the create flow's instance block) or removed. */
    @GET
    @Path("{name}/edit")
    @RolesAllowed({"developer", "platform-admin"})
    public TemplateInstance edit(@RestPath String name) {
        Service s = services.service(viewer.caller(), name);
        List<ServiceInstance> current = liveInstances(name);
        Form form = Form.empty().with("description", s.description);
        return Templates.edit(s, current, draft(templates.template(viewer.caller(), TemplateType.SERVICE, s.templateName),
                services.newInstanceVersion(viewer.caller(), s), form, null, List.of()));
    }

    /**
     * Edit's submit: the service's spec with the instances unticked for removal left out and the new blocks added,
     * sent to {@link ServiceService#update} only when the instances change (a description alone deploys nothing).
     */
    @POST
    @Path("{name}/edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"developer", "platform-admin"})
    public Response saveEdit(@RestPath String name, MultivaluedMap<String, String> body) {
        Service s = services.service(viewer.caller(), name);
        List<ServiceInstance> current = liveInstances(name);
        TemplateVersion v = services.newInstanceVersion(viewer.caller(), s);
        Template t = templates.template(viewer.caller(), TemplateType.SERVICE, s.templateName);
        Form form = Form.posted(body);
        List<String> removed = body.getOrDefault("remove", List.of());
        removed.forEach(r -> form.choose("remove", r));
        Draft draft = draft(t, v, form, null, postedInstances(templates.bundle(v), body));
        refuseStrayInputs(draft, body);
        List<ServiceInstance> kept = current.stream().filter(i -> !removed.contains(i.name)).toList();
        boolean changed = !draft.instances().isEmpty() || kept.size() < current.size();
        if (checkedInstances(draft, kept.stream().map(i -> i.name).toList()) && Drafts.attempt(form, () -> services.update(viewer.caller(),
                name, form.valueOf("description"), changed ? editedSpec(s, kept, draft) : null), e -> placeServiceError(draft, kept.size(), e))) {
            return Response.seeOther(URI.create("/services/" + name)).build();
        }
        return Response.status(400).entity(Templates.edit(s, current, draft)).build();
    }

    /** The confirmation, naming what the deletion removes and what stops it. */
    @GET
    @Path("{name}/delete")
    @RolesAllowed({"developer", "platform-admin"})
    public TemplateInstance confirmDelete(@RestPath String name) {
        return Templates.delete(page(name));
    }

    @POST
    @Path("{name}/delete")
    @RolesAllowed({"developer", "platform-admin"})
    public Response delete(@RestPath String name) {
        services.delete(viewer.caller(), name);
        return Response.seeOther(URI.create("/services/" + name)).build();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private Page page(String name) {
        var caller = viewer.caller();
        Service s = services.service(caller, name);
        Template t = templates.template(caller, TemplateType.SERVICE, s.templateName);
        List<ServiceInstance> instances = search.instances(caller, name, List.of(), "name", false, 0, Integer.MAX_VALUE);
        List<Component> attached = components.components(caller, null, name, null, 0, MAX_COMPONENTS);
        String version = s.hasPipeline ? s.pipelineVersion() : instances.stream().map(ServiceInstance::version).findFirst().orElse(null);
        boolean busy = s.status.name().endsWith("IN_PROGRESS")
                || s.hasPipeline && s.pipelineState().busy()
                || instances.stream().anyMatch(i -> i.deployment.busy());
        return new Page(s, t, version, instances, attached, busy);
    }

    /** A service's status as a badge colour: the deployment badges' in progress, succeeded and failed. */
    static String statusCss(Service.Status status) {
        String s = status.name();
        return s.endsWith("IN_PROGRESS") ? "deploy-in-progress" : s.contains("FAILED") ? "deploy-failed" : "deploy-succeeded";
    }

    private List<ServiceInstance> liveInstances(String service) {
        return search.instances(viewer.caller(), service, List.of(), "name", false, 0, Integer.MAX_VALUE).stream()
                .filter(i -> !i.deleting).toList();
    }

    private static InstanceDraft newInstance(ValidatedBundle bundle, int index) {
        return new InstanceDraft(index, InputForm.of(bundle.inputSchema(), null, InputForm.prefix("instance." + index)));
    }

    private Draft draft(Template t, TemplateVersion v, Form form, InputForm pipelineInputs, List<InstanceDraft> instances) {
        var caller = viewer.caller();
        List<CompatibleEnvironment> compatible = templates.compatibleEnvironments(v);
        List<Environment> envs = compatible.isEmpty() ? List.of() : environments.environments(caller,
                compatible.stream().map(c -> new TemplateFilter(c.templateName(), c.majorVersion())).toList(), 0, MAX_ENVIRONMENTS);
        return new Draft(t, drafts.published(caller, t), v, pipelineInputs != null, form, pipelineInputs, instances, envs,
                compatible.stream().map(c -> c.templateName() + ":" + c.majorVersion()).toList(),
                InputForms.validateUrl(Drafts.InputType.PIPELINE, t.name, v.version()),
                InputForms.validateUrl(Drafts.InputType.INSTANCE, t.name, v.version()));
    }

    /** The create form as posted: page fields in a Form, the pipeline's and each instance's inputs in their own InputForm. */
    private Draft posted(MultivaluedMap<String, String> body) {
        return posted(body, true);
    }

    /** @param refuseStray whether inputs for a form the page doesn't have are refused (a version switch drops them) */
    private Draft posted(MultivaluedMap<String, String> body, boolean refuseStray) {
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
    private static void refuseStrayInputs(Draft draft, MultivaluedMap<String, String> body) {
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
    private static List<InstanceDraft> postedInstances(ValidatedBundle bundle, MultivaluedMap<String, String> body) {
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
    private boolean checked(Draft draft) {
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
    private boolean checkedInstances(Draft draft, List<String> kept) {
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

    private void checkEnvironment(Draft draft, Form f, InstanceDraft i) {
        String chosen = f.valueOf(i.environmentParam()).strip();
        if (chosen.isEmpty()) {
            f.reject(i.environmentParam(), "Choose the environment this instance runs in.");
            return;
        }
        Environment compatible = draft.environments().stream().filter(e -> e.name.equals(chosen)).findFirst().orElse(null);
        if (compatible == null) {
            try {
                Environment other = environments.environment(viewer.caller(), chosen);
                f.reject(i.environmentParam(), "Environment " + chosen + " runs " + other.templateName + ":" + other.templateMajorVersion
                        + "; version " + draft.version().version() + " of " + draft.template().name + " runs in "
                        + String.join(", ", draft.compatible()) + ".");
            } catch (ResourceNotFoundException e) {
                f.reject(i.environmentParam(), "There is no environment " + chosen + ".");
            }
        } else if (!compatible.deployment.deployed()) {
            f.reject(i.environmentParam(), "Environment " + chosen + " is not deployed yet.");
        }
    }

    /**
     * The service's refusal: {@code spec.pipeline.…} and {@code spec.instances[n].spec.…} next to their fields, the
     * rest above; the form's blocks follow {@code before} instances in the spec.
     */
    private static void placeServiceError(Draft draft, int before, ValidationException e) {
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
    private static String specYaml(Draft draft) {
        ObjectNode doc = SpecDocuments.start("ServiceSpec");
        if (draft.pipeline()) {
            doc.set("pipeline", draft.pipelineInputs().inputs());
        }
        addInstances(doc.putArray("instances"), draft);
        return SpecDocuments.yaml(doc);
    }

    private static void addInstances(ArrayNode instances, Draft draft) {
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
    private static String editedSpec(Service s, List<ServiceInstance> kept, Draft draft) {
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
