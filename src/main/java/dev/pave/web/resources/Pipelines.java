package dev.pave.web.resources;

import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentService;
import dev.pave.deploy.DeploymentType;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.identity.Caller;
import dev.pave.provision.ProvisionedResource;
import dev.pave.schema.SpecDocuments;
import dev.pave.service.Service;
import dev.pave.service.ServiceService.VersionChange;
import dev.pave.service.ServiceService;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.web.Htmx;
import dev.pave.web.Viewer;
import dev.pave.web.forms.Draft;
import dev.pave.web.forms.Drafts;
import dev.pave.web.forms.Form;
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
import org.jboss.resteasy.reactive.RestPath;

/**
 * A service's pipeline (Proton has at most one per service): its page with the live deployment, edit, and the update
 * notice. A pipeline can't be deleted on its own; it goes with its service. Changes go through {@link ServiceService},
 * which checks the caller's roles again.
 */
@Path("/services/{service}/pipeline")
public class Pipelines {

    static final int HISTORY = 20;
    private static final EnumSet<DeploymentType> EDITS = EnumSet.of(DeploymentType.CURRENT_VERSION, DeploymentType.MINOR_VERSION,
            DeploymentType.MAJOR_VERSION);

    /** A pipeline's page. */
    @TemplateData
    public record Page(Service service, Template template, Deployment current, Map<String, String> files, Map<String, String> outputs,
            List<ProvisionedResource> resources, List<Deployment> history, UpdateNotice notice, OwnerPanel owner) {

        public String url() {
            return ResourcePaths.pipeline(service.name);
        }

        /** The inputs as the {@code pipeline:} of a ServiceSpec. */
        public String spec() {
            return SpecDocuments.pipeline(SpecDocuments.read(service.pipelineSpec));
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance show(Page page);

        static native TemplateInstance show$status(Page page);

        static native TemplateInstance show$facts(Page page);

        static native TemplateInstance show$history(Page page);

        static native TemplateInstance edit(Service service, Draft draft);
    }

    @Inject
    OwnerPanels owners;

    @Inject
    ServiceService services;

    @Inject
    DeploymentService deployments;

    @Inject
    TemplateService templates;

    @Inject
    Drafts drafts;

    @Inject
    Viewer viewer;

    @Inject
    Htmx htmx;

    @Inject
    DeletedPages deleted;

    @GET
    public Response show(@RestPath String service) {
        return deleted.pageOrDeleted(() -> htmx.resourcePage("pipeline", page(service), Templates::show, Templates::show$status, Templates::show$facts,
                Templates::show$history), "Pipeline of service " + service, DeploymentService.Filter.ofPipeline(service));
    }

    @POST
    @Path("cancel")
    @RolesAllowed({"developer", "platform-admin"})
    public Response cancel(@RestPath String service) {
        services.cancelPipelineDeployment(viewer.caller(), service);
        return changed(service);
    }

    /** The update notice's one button: the MINOR_VERSION or MAJOR_VERSION deployment to the recommended version. */
    @POST
    @Path("update")
    @RolesAllowed({"developer", "platform-admin"})
    public Response update(@RestPath String service, @RestForm String deploymentType, @RestForm int major, @RestForm int minor) {
        services.updatePipeline(viewer.caller(), service, new VersionChange(UpdateNotice.requested(deploymentType), null, major, minor));
        return changed(service);
    }

    @GET
    @Path("edit")
    @RolesAllowed({"developer", "platform-admin"})
    public TemplateInstance edit(@RestPath String service) {
        Caller caller = viewer.caller();
        Service s = withPipeline(caller, service);
        Template t = templates.template(caller, TemplateType.SERVICE, s.templateName);
        TemplateVersion v = templates.version(caller, TemplateType.SERVICE, s.templateName, s.pipelineTemplateVersion.major,
                s.pipelineTemplateVersion.minor);
        Form form = Form.empty().with("version", v.version()).with("deploymentType", DeploymentType.CURRENT_VERSION.name());
        return Templates.edit(s, drafts.prefilled(caller, t, v, Drafts.InputType.PIPELINE, form, SpecDocuments.read(s.pipelineSpec)));
    }

    /** Edit's submit: the inputs deployed on the version in use (CURRENT_VERSION) or on the chosen one. */
    @POST
    @Path("edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"developer", "platform-admin"})
    public Response saveEdit(@RestPath String service, MultivaluedMap<String, String> body) {
        Caller caller = viewer.caller();
        Service s = withPipeline(caller, service);
        Draft draft = drafts.posted(caller, templates.template(caller, TemplateType.SERVICE, s.templateName), Drafts.InputType.PIPELINE, body);
        if (Drafts.submitted(draft, EDITS, "spec.pipeline", type -> services.updatePipeline(caller, service, new VersionChange(type,
                SpecDocuments.pipeline(draft.inputs().inputs()), draft.majorFor(type), draft.minorFor(type))))) {
            return Response.seeOther(URI.create("/services/" + service + "/pipeline")).build();
        }
        return Response.status(400).entity(Templates.edit(s, draft)).build();
    }

    private Service withPipeline(Caller caller, String service) {
        Service s = services.service(caller, service);
        if (!s.hasPipeline) {
            throw new ResourceNotFoundException("Service " + service + " has no pipeline: its template's pipeline is managed outside Pave or absent");
        }
        return s;
    }

    private Page page(String service) {
        Caller caller = viewer.caller();
        Service s = withPipeline(caller, service);
        Template t = templates.template(caller, TemplateType.SERVICE, s.templateName);
        Deployment current = deployments.lastAttempted(caller, s.pipelineState());
        List<Deployment> history = deployments.deployments(caller, DeploymentService.Filter.ofPipeline(service),
                0, HISTORY);
        return new Page(s, t, current, current == null ? Map.of() : deployments.files(current.id), services.pipelineOutputs(caller, service, null),
                services.pipelineResources(caller, service), history,
                UpdateNotice.of(templates.recommendedVersion(t), s.pipelineTemplateVersion, s.pipelineState()), owners.ofPart(caller, s));
    }

    private Response changed(String service) {
        return htmx.deploymentChanged(() -> Templates.show$status(page(service)), "/services/" + service + "/pipeline");
    }
}
