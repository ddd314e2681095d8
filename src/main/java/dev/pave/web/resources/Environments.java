package dev.pave.web.resources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentService;
import dev.pave.deploy.DeploymentType;
import dev.pave.environment.Environment;
import dev.pave.environment.EnvironmentDependents.Dependent;
import dev.pave.environment.EnvironmentService.Change;
import dev.pave.environment.EnvironmentService.NewEnvironment;
import dev.pave.environment.EnvironmentService.Repository;
import dev.pave.environment.EnvironmentService;
import dev.pave.error.ConflictException;
import dev.pave.error.PaveException;
import dev.pave.error.ValidationException;
import dev.pave.identity.Caller;
import dev.pave.provision.ProvisionedResource;
import dev.pave.render.RenderPreview;
import dev.pave.schema.Spec;
import dev.pave.schema.SpecDocuments;
import dev.pave.template.Template;
import dev.pave.template.TemplateCatalog;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.web.Htmx;
import dev.pave.web.QueryParams;
import dev.pave.web.Texts;
import dev.pave.web.Viewer;
import dev.pave.web.forms.Draft;
import dev.pave.web.forms.Drafts;
import dev.pave.web.forms.Form;
import dev.pave.web.forms.InputForms;
import dev.pave.web.forms.RoleArns;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Environments: the list, the create flow (template, version, provisioning, inputs from the template's schema, a
 * review with the spec and a render preview), an environment's page with its live deployment, and edit, update
 * and delete. Every change goes through {@link EnvironmentService}, which checks the caller's roles again.
 */
@Path("/environments")
public class Environments {

    static final int PAGE_SIZE = 50;
    static final int HISTORY = 20;
    static final int CHOICES = 24;

    /** An environment's page. */
    @TemplateData
    public record Page(Environment environment, Template template, Deployment current, Map<String, String> files,
            Map<String, String> outputs, List<ProvisionedResource> resources, List<Deployment> history, UpdateNotice notice,
            List<Dependent> running, OwnerPanel owner) {

        /** The environment's instance policy as the policy form's ticks. */
        public Form instanceTeams() {
            Form form = Form.empty();
            environment.instanceTeams.forEach(t -> form.choose("teams", t));
            return form;
        }

        public String url() {
            return ResourcePaths.environment(environment.name);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<Environment> environments, int page, boolean more);

        static native TemplateInstance choose(List<Template> templates, Map<Long, String> recommended, String text, boolean more);

        static native TemplateInstance add(Draft draft);

        static native TemplateInstance review(Draft draft, String spec, Map<String, String> preview, String previewError);

        static native TemplateInstance show(Page page);

        static native TemplateInstance show$status(Page page);

        static native TemplateInstance show$facts(Page page);

        static native TemplateInstance show$history(Page page);

        static native TemplateInstance edit(Environment environment, Draft draft);

        static native TemplateInstance delete(Environment environment, Map<String, String> outputs, List<ProvisionedResource> resources,
                List<Dependent> blocking, String error);
    }

    @Inject
    OwnerPanels owners;

    @Inject
    EnvironmentService environments;

    @Inject
    DeploymentService deployments;

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
    Htmx htmx;

    @Inject
    DeletedPages deleted;

    // --- list ------------------------------------------------------------------------------------------------

    @GET
    public TemplateInstance index(@RestQuery Integer page) {
        int current = QueryParams.page(page);
        List<Environment> found = environments.environments(viewer.caller(), List.of(), (current - 1) * PAGE_SIZE, PAGE_SIZE + 1);
        return Templates.index(found.subList(0, Math.min(PAGE_SIZE, found.size())), current, found.size() > PAGE_SIZE);
    }

    // --- create ----------------------------------------------------------------------------------------------

    /** Step one lists the environment templates; with a template, its form (the recommended version unless one is chosen). */
    @GET
    @Path("new")
    @RolesAllowed({"developer", "platform-admin"})
    public TemplateInstance add(@RestQuery String template, @RestQuery String version, @RestQuery String text) {
        if (template == null || template.isBlank()) {
            String filter = QueryParams.text(text);
            List<Template> found = catalog.search(viewer.caller(), TemplateType.ENVIRONMENT, filter, 0, CHOICES + 1);
            List<Template> shown = found.subList(0, Math.min(CHOICES, found.size()));
            return Templates.choose(shown, catalog.recommendedVersions(shown), filter, found.size() > CHOICES);
        }
        Template t = templates.template(viewer.caller(), TemplateType.ENVIRONMENT, template);
        TemplateVersion v = drafts.chosen(viewer.caller(), t, version);
        Form form = Form.empty().with("template", t.name).with("version", v.version()).with("provisioning", "codebuild");
        return Templates.add(drafts.prefilled(viewer.caller(), t, v, Drafts.InputType.ENVIRONMENT, form, null));
    }

    /** The form again for another version, with every value that version still declares. */
    @POST
    @Path("new")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"developer", "platform-admin"})
    public TemplateInstance switchVersion(MultivaluedMap<String, String> body) {
        Template t = templates.template(viewer.caller(), TemplateType.ENVIRONMENT, Form.posted(body).valueOf("template"));
        return Templates.add(drafts.switched(viewer.caller(), t, Drafts.InputType.ENVIRONMENT, body));
    }

    /**
     * One of the form's own fields checked as the user types (htmx names it in HX-Trigger-Name): its error slot,
     * by the rules the submit applies, and for the name whether it is taken.
     */
    @POST
    @Path("check")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"developer", "platform-admin"})
    public TemplateInstance check(@RestHeader("HX-Trigger-Name") String field, MultivaluedMap<String, String> body) {
        Form f = Form.posted(body);
        checkDetails(f);
        String name = f.valueOf("name").strip();
        if ("name".equals(field) && f.errorOf("name") == null && environments.exists(viewer.caller(), name)) {
            f.reject("name", "There is already an environment named " + name + ".");
        }
        return InputForms.errorSlot("f-" + (field == null ? "unknown" : field), field == null ? null : f.errorOf(field));
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
        String spec = SpecDocuments.environment(draft.inputs().inputs());
        Map<String, String> files = Map.of();
        String previewError = null;
        try {
            files = preview.render(viewer.caller(), new RenderPreview.Request(TemplateType.ENVIRONMENT, draft.template().name,
                    draft.version().majorVersion, draft.version().minorVersion, draft.form().valueOf("name"),
                    Spec.parse(spec, Spec.Kind.EnvironmentSpec), Map.of(), null)).environment();
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
        String p = f.valueOf("provisioning");
        if (checked(draft) && Drafts.attempt(f, () -> environments.create(viewer.caller(), NewEnvironment.of(name, draft.template().name,
                draft.version().majorVersion, draft.version().minorVersion, SpecDocuments.environment(draft.inputs().inputs()))
                .withDescription(Texts.emptyToNull(f.valueOf("description"))).withTags(OwnerPanels.chosenTeam(f))
                .withRoles("serviceRole".equals(p) ? Texts.emptyToNull(f.valueOf("protonServiceRoleArn")) : null,
                        "codebuild".equals(p) ? Texts.emptyToNull(f.valueOf("codebuildRoleArn")) : null, null)
                .withProvisioningRepository("repository".equals(p) ? new Repository(f.valueOf("repositoryProvider"),
                        f.valueOf("repositoryName").strip(), f.valueOf("repositoryBranch").strip()) : null)
                .withAccountConnection("connection".equals(p) ? f.valueOf("environmentAccountConnectionId") : null)),
                e -> Drafts.placeServiceError(draft, e, "spec"))) {
            return Response.seeOther(URI.create("/environments/" + name)).build();
        }
        return Response.status(400).entity(Templates.add(draft)).build();
    }

    // --- one environment --------------------------------------------------------------------------------------

    @GET
    @Path("{name}")
    public Response show(@RestPath String name) {
        return deleted.pageOrDeleted(() -> htmx.resourcePage("environment", page(name), Templates::show, Templates::show$status, Templates::show$facts,
                Templates::show$history), "Environment " + name, DeploymentService.Filter.ofEnvironment(name));
    }

    @POST
    @Path("{name}/cancel")
    @RolesAllowed({"developer", "platform-admin"})
    public Response cancel(@RestPath String name) {
        environments.cancelDeployment(viewer.caller(), name);
        return changed(name);
    }

    /** The update notice's one button: the MINOR_VERSION or MAJOR_VERSION deployment to the recommended version. */
    @POST
    @Path("{name}/update")
    @RolesAllowed({"developer", "platform-admin"})
    public Response update(@RestPath String name, @RestForm String deploymentType, @RestForm int major, @RestForm int minor) {
        environments.update(viewer.caller(), name, Change.deploy(UpdateNotice.requested(deploymentType), major, minor));
        return changed(name);
    }

    @GET
    @Path("{name}/edit")
    @RolesAllowed({"developer", "platform-admin"})
    public TemplateInstance edit(@RestPath String name) {
        Environment e = environments.environment(viewer.caller(), name);
        Template t = templates.template(viewer.caller(), TemplateType.ENVIRONMENT, e.templateName);
        TemplateVersion v = templates.version(viewer.caller(), TemplateType.ENVIRONMENT, e.templateName, e.templateVersion.major, e.templateVersion.minor);
        JsonNode inputs = e.spec == null ? null : Spec.inputs(Spec.parse(e.spec, Spec.Kind.EnvironmentSpec));
        Form form = Form.empty().with("template", t.name).with("version", v.version()).with("description", e.description)
                .with("deploymentType", "CURRENT_VERSION");
        return Templates.edit(e, drafts.prefilled(viewer.caller(), t, v, Drafts.InputType.ENVIRONMENT, form, inputs));
    }

    /** Edit's submit: NONE changes the description only; the others deploy the inputs to the chosen version. */
    @POST
    @Path("{name}/edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"developer", "platform-admin"})
    public Response saveEdit(@RestPath String name, MultivaluedMap<String, String> body) {
        Environment e = environments.environment(viewer.caller(), name);
        Draft draft = posted(body);
        Form f = draft.form();
        if (Drafts.submitted(draft, EnumSet.allOf(DeploymentType.class), "spec", type -> environments.update(viewer.caller(), name,
                Change.edit(type, f.valueOf("description"), type == DeploymentType.NONE ? null : SpecDocuments.environment(draft.inputs().inputs()),
                        draft.majorFor(type), draft.minorFor(type))))) {
            return Response.seeOther(URI.create("/environments/" + name)).build();
        }
        return Response.status(400).entity(Templates.edit(e, draft)).build();
    }

    /** The confirmation, naming what the deletion removes, or what runs in the environment and must go first. */
    @GET
    @Path("{name}/delete")
    @RolesAllowed({"developer", "platform-admin"})
    public TemplateInstance confirmDelete(@RestPath String name) {
        return confirmation(name, null);
    }

    /** A refused deletion stays on the confirmation, with the reason and what blocks it. */
    @POST
    @Path("{name}/delete")
    @RolesAllowed({"developer", "platform-admin"})
    public Response delete(@RestPath String name) {
        try {
            environments.delete(viewer.caller(), name);
            return Response.seeOther(URI.create("/environments/" + name)).build();
        } catch (ValidationException | ConflictException e) {
            return Response.status(e.httpStatus()).entity(confirmation(name, e.getMessage())).build();
        }
    }

    /** The environment's instance policy: which teams' services may run instances here. */
    @POST
    @Path("{name}/teams")
    @RolesAllowed({"developer", "platform-admin"})
    public Response limitInstances(@RestPath String name, @RestForm List<String> teams) {
        environments.limitInstancesToTeams(viewer.caller(), name, teams);
        return Response.seeOther(URI.create(ResourcePaths.environment(name))).build();
    }

    /** "Upgrades need approval": MAJOR_VERSION updates of it and its instances, and campaigns touching it, wait for an approver. */
    @POST
    @Path("{name}/approval")
    @RolesAllowed({"developer", "platform-admin"})
    public Response requireApproval(@RestPath String name, @RestForm boolean required) {
        environments.requireApproval(viewer.caller(), name, required);
        return Response.seeOther(URI.create(ResourcePaths.environment(name))).build();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private TemplateInstance confirmation(String name, String error) {
        Caller caller = viewer.caller();
        return Templates.delete(environments.environment(caller, name), environments.outputs(caller, name, null),
                environments.provisionedResources(caller, name), environments.dependents(caller, name), error);
    }

    private Page page(String name) {
        var caller = viewer.caller();
        Environment e = environments.environment(caller, name);
        Template t = templates.template(caller, TemplateType.ENVIRONMENT, e.templateName);
        Deployment current = deployments.lastAttempted(caller, e.deployment);
        Map<String, String> files = current == null ? Map.of() : deployments.files(current.id);
        List<Deployment> history = deployments.deployments(caller, DeploymentService.Filter.ofEnvironment(name), 0, HISTORY);
        return new Page(e, t, current, files, environments.outputs(caller, name, null), environments.provisionedResources(caller, name),
                history, UpdateNotice.of(templates.recommendedVersion(t), e.templateVersion, e.deployment), environments.dependents(caller, name),
                owners.of(caller, e, environments.arn(e), ResourcePaths.environment(name)));
    }

    private Response changed(String name) {
        return htmx.deploymentChanged(() -> Templates.show$status(page(name)), "/environments/" + name);
    }

    /** The create or edit form as posted, for the template it names. */
    private Draft posted(MultivaluedMap<String, String> body) {
        Template t = templates.template(viewer.caller(), TemplateType.ENVIRONMENT, Form.posted(body).valueOf("template"));
        return drafts.posted(viewer.caller(), t, Drafts.InputType.ENVIRONMENT, body);
    }

    /** The page's own fields, then the inputs; true when both are fine. */
    private boolean checked(Draft draft) {
        Form f = draft.form();
        checkDetails(f);
        boolean inputsValid = draft.inputs().validate();
        return inputsValid && !f.hasErrors();
    }

    /** The name and what the chosen provisioning needs, as on submit. */
    private static void checkDetails(Form f) {
        f.requireName("name");
        switch (f.valueOf("provisioning")) {
            case "serviceRole" -> RoleArns.require(f, "protonServiceRoleArn");
            case "codebuild" -> RoleArns.require(f, "codebuildRoleArn");
            case "connection" -> {
                if (f.valueOf("environmentAccountConnectionId").isBlank()) {
                    f.reject("environmentAccountConnectionId", "Choose the account connection.");
                }
            }
            case "repository" -> {
                if (f.valueOf("repositoryName").isBlank()) {
                    f.reject("repositoryName", "Enter the repository, e.g. my-org/infrastructure.");
                }
                if (f.valueOf("repositoryBranch").isBlank()) {
                    f.reject("repositoryBranch", "Enter a branch.");
                }
            }
            default -> f.reject("provisioning", "Choose how the environment is provisioned.");
        }
    }
}
