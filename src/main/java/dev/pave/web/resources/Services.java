package dev.pave.web.resources;

import dev.pave.component.Component;
import dev.pave.component.ComponentService;
import dev.pave.deploy.DeploymentService;
import dev.pave.environment.EnvironmentService;
import dev.pave.error.PaveException;
import dev.pave.error.ValidationException;
import dev.pave.render.ProtonContext.ServiceRef;
import dev.pave.render.RenderPreview;
import dev.pave.schema.Spec;
import dev.pave.service.NewService;
import dev.pave.service.Service;
import dev.pave.service.ServiceArns;
import dev.pave.service.ServiceDeployments;
import dev.pave.service.ServiceInstance;
import dev.pave.service.ServiceSearch;
import dev.pave.service.ServiceService;
import dev.pave.sync.ServiceSyncProposals;
import dev.pave.sync.ServiceSyncService;
import dev.pave.template.Template;
import dev.pave.template.TemplateCatalog;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.template.bundle.ValidatedBundle;
import dev.pave.web.Htmx;
import dev.pave.web.QueryParams;
import dev.pave.web.Texts;
import dev.pave.web.Viewer;
import dev.pave.web.forms.Draft;
import dev.pave.web.forms.Drafts;
import dev.pave.web.forms.Form;
import dev.pave.web.forms.InputForm;
import dev.pave.web.teams.OwnerPanel;
import dev.pave.web.teams.OwnerPanels;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    static final int MAX_COMPONENTS = 100;

    /** A row of the list. */
    @TemplateData
    public record Row(Service service, long instances, boolean syncBlocked) {
        public String statusCss() {
            return Services.statusCss(service.status);
        }
    }

    /** A service's page. */
    @TemplateData
    public record Page(Service service, Template template, String version, List<ServiceInstance> instances, List<Component> components,
            boolean busy, ServiceSyncService.Overview sync, OwnerPanel owner) {
        public String statusCss() {
            return Services.statusCss(service.status);
        }

        /** Whether service sync holds this instance back (a blocker on it, or on the whole service). */
        public boolean syncBlocked(String instance) {
            return sync != null && (!sync.serviceBlockers().isEmpty()
                    || sync.targets().stream().anyMatch(t -> t.target().equals(instance) && !t.blockers().isEmpty()));
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<Row> rows, String text, boolean mine, int page, boolean more);

        static native TemplateInstance index$list(List<Row> rows, String text, boolean mine, int page, boolean more);

        static native TemplateInstance choose(List<Template> templates, Map<Long, String> recommended, String text, boolean more);

        static native TemplateInstance choose$list(List<Template> templates, Map<Long, String> recommended, String text, boolean more);

        static native TemplateInstance add(ServiceForm.Draft draft);

        static native TemplateInstance instance(ServiceForm.Draft draft, ServiceForm.InstanceDraft instance, boolean oob);

        static native TemplateInstance review(ServiceForm.Draft draft, String spec, Map<String, String> preview, String previewError,
                List<ServiceSyncProposals.ProposedFile> gitFiles);

        static native TemplateInstance show(Page page);

        static native TemplateInstance show$status(Page page);

        static native TemplateInstance edit(Service service, List<ServiceInstance> current, ServiceForm.Draft draft);

        static native TemplateInstance delete(Page page);
    }

    @Inject
    ServiceArns serviceArns;

    @Inject
    OwnerPanels owners;

    @Inject
    ServiceService services;

    @Inject
    ServiceSearch search;

    @Inject
    EnvironmentService environments;

    @Inject
    ComponentService components;

    @Inject
    ServiceSyncService syncs;

    @Inject
    ServiceSyncProposals proposals;

    @Inject
    TemplateService templates;

    @Inject
    TemplateCatalog catalog;

    @Inject
    RenderPreview preview;

    @Inject
    Drafts drafts;

    @Inject
    Viewer viewer;

    @Inject
    ServiceForm serviceForm;

    @Inject
    Htmx htmx;

    @Inject
    DeletedPages deleted;

    // --- list ------------------------------------------------------------------------------------------------

    /** Every service, or (mine) those the viewer created, filtered by text. */
    @GET
    public TemplateInstance index(@RestQuery String text, @RestQuery boolean mine, @RestQuery Integer page) {
        int current = QueryParams.page(page);
        String filter = QueryParams.text(text);
        List<Service> found = search.services(viewer.caller(), filter, mine ? viewer.getUsername() : null, (current - 1) * PAGE_SIZE, PAGE_SIZE + 1);
        List<Service> shown = found.subList(0, Math.min(PAGE_SIZE, found.size()));
        Map<String, Long> counts = search.instanceCounts(shown);
        Set<String> blocked = syncs.blocked(shown.stream().map(s -> s.name).toList());
        List<Row> rows = shown.stream().map(s -> new Row(s, counts.getOrDefault(s.name, 0L), blocked.contains(s.name))).toList();
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
            List<Template> found = catalog.search(viewer.caller(), TemplateType.SERVICE, filter, 0, SEARCHED);
            Map<Long, String> recommended = catalog.recommendedVersions(found);
            List<Template> usable = found.stream().filter(t -> recommended.containsKey(t.id)).toList();
            List<Template> shown = usable.subList(0, Math.min(CHOICES, usable.size()));
            boolean more = usable.size() > CHOICES || found.size() == SEARCHED;
            return htmx.targets("template-list") ? Templates.choose$list(shown, recommended, filter, more)
                    : Templates.choose(shown, recommended, filter, more);
        }
        Template t = templates.template(viewer.caller(), TemplateType.SERVICE, template);
        TemplateVersion v = drafts.chosen(viewer.caller(), t, version);
        ValidatedBundle bundle = templates.bundle(v);
        Form form = Form.empty().with("template", t.name).with("version", v.version()).with("branchName", "main")
                .with("managed", "portal").with("syncBranch", "main").with("opsPath", "proton-ops.yaml");
        InputForm pipelineInputs = ServiceDeployments.hasPipeline(t, bundle) ? InputForm.of(bundle.pipelineInputSchema(), null, InputForm.prefix(ServiceForm.PIPELINE)) : null;
        return Templates.add(serviceForm.draft(t, v, form, pipelineInputs, List.of(serviceForm.newInstance(bundle, 0))));
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
        ServiceForm.InstanceDraft instance = serviceForm.newInstance(templates.bundle(v), index);
        return Templates.instance(serviceForm.draft(t, v, Form.empty(), null, List.of(instance)), instance, true);
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
            return Templates.add(serviceForm.posted(body));
        }
        ServiceForm.Draft draft = serviceForm.posted(body, false);
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
        ServiceForm.Draft draft = serviceForm.posted(body);
        if (!serviceForm.checked(draft)) {
            return Response.status(400).entity(Templates.add(draft)).build();
        }
        String spec = serviceForm.specYaml(draft);
        Form f = draft.form();
        List<ServiceSyncProposals.ProposedFile> gitFiles = List.of();
        if (draft.fromGit()) {
            try {
                gitFiles = proposals.files(f.valueOf("name").strip(), ServiceForm.gitPlan(draft), spec);
            } catch (ValidationException e) {
                f.reject(e, "syncRepository", "syncBranch", "opsPath");
                return Response.status(400).entity(Templates.add(draft)).build();
            }
        }
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
        return Response.ok(Templates.review(draft, spec, files, previewError, gitFiles)).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"developer", "platform-admin"})
    public Response create(MultivaluedMap<String, String> body) {
        ServiceForm.Draft draft = serviceForm.posted(body);
        Form f = draft.form();
        String name = f.valueOf("name").strip();
        if (!serviceForm.checked(draft)) {
            return Response.status(400).entity(Templates.add(draft)).build();
        }
        NewService service = NewService.of(name, draft.template().name, draft.version().majorVersion, draft.version().minorVersion,
                serviceForm.specYaml(draft)).withDescription(Texts.emptyToNull(f.valueOf("description")))
                .withRepository(Texts.emptyToNull(f.valueOf("repositoryConnectionArn")), Texts.emptyToNull(f.valueOf("repositoryId")),
                        Texts.emptyToNull(f.valueOf("branchName"))).withTags(OwnerPanels.chosenTeam(f));
        if (draft.fromGit()) {
            // the instances deploy from Git once the proposed files are merged: the sync tab says where to merge them
            if (Drafts.attempt(f, () -> proposals.create(viewer.caller(), service, ServiceForm.gitPlan(draft)),
                    e -> f.reject(e, "syncRepository", "syncBranch", "opsPath"))) {
                return Response.seeOther(URI.create("/services/" + name + "/sync")).build();
            }
        } else if (Drafts.attempt(f, () -> services.create(viewer.caller(), service), e -> serviceForm.placeServiceError(draft, 0, e))) {
            return Response.seeOther(URI.create("/services/" + name)).build();
        }
        return Response.status(400).entity(Templates.add(draft)).build();
    }

    // --- one service ----------------------------------------------------------------------------------------

    @GET
    @Path("{name}")
    public Response show(@RestPath String name) {
        return deleted.pageOrDeleted(() -> {
            Page page = page(name);
            return htmx.targets("service-status") ? Templates.show$status(page) : Templates.show(page);
        }, "Service " + name, new DeploymentService.Filter(null, name, null, null));
    }

    /** Edit: the description, and instances added (through the create flow's instance block) or removed. */
    @GET
    @Path("{name}/edit")
    @RolesAllowed({"developer", "platform-admin"})
    public TemplateInstance edit(@RestPath String name) {
        Service s = services.service(viewer.caller(), name);
        List<ServiceInstance> current = liveInstances(name);
        Form form = Form.empty().with("description", s.description);
        return Templates.edit(s, current, serviceForm.draft(templates.template(viewer.caller(), TemplateType.SERVICE, s.templateName),
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
        ServiceForm.Draft draft = serviceForm.draft(t, v, form, null, ServiceForm.postedInstances(templates.bundle(v), body));
        ServiceForm.refuseStrayInputs(draft, body);
        List<ServiceInstance> kept = current.stream().filter(i -> !removed.contains(i.name)).toList();
        boolean changed = !draft.instances().isEmpty() || kept.size() < current.size();
        if (serviceForm.checkedInstances(draft, kept.stream().map(i -> i.name).toList()) && Drafts.attempt(form, () -> services.update(viewer.caller(),
                name, form.valueOf("description"), changed ? serviceForm.editedSpec(s, kept, draft) : null), e -> serviceForm.placeServiceError(draft, kept.size(), e))) {
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
        return new Page(s, t, version, instances, attached, busy, syncs.overview(caller, name).orElse(null),
                owners.of(caller, s, serviceArns.arn(s), ResourcePaths.service(name)));
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

}
