package dev.pave.web.resources;

import dev.pave.component.Component;
import dev.pave.component.ComponentService;
import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentService;
import dev.pave.deploy.DeploymentType;
import dev.pave.error.PaveException;
import dev.pave.identity.Caller;
import dev.pave.provision.ProvisionedResource;
import dev.pave.schema.SpecDocuments;
import dev.pave.service.ServiceInstance;
import dev.pave.service.ServiceSearch;
import dev.pave.service.ServiceService.VersionChange;
import dev.pave.service.ServiceService;
import dev.pave.sync.ServiceSyncService;
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
 * A service instance's pages, under its service: its live deployment, edit, the update notice and delete (the list
 * of every instance is {@link Instances}). Every change goes through {@link ServiceService}, which checks the
 * caller's roles again.
 */
@Path("/services/{service}/instances")
public class ServiceInstances {

    static final int HISTORY = 20;
    private static final EnumSet<DeploymentType> EDITS = EnumSet.of(DeploymentType.CURRENT_VERSION, DeploymentType.MINOR_VERSION,
            DeploymentType.MAJOR_VERSION);

    /** An instance's page. */
    @TemplateData
    public record Page(ServiceInstance instance, Template template, Deployment current, Map<String, String> files,
            Map<String, String> outputs, List<ProvisionedResource> resources, List<Deployment> history, UpdateNotice notice,
            Component component, ServiceSyncService.InstanceSync sync, OwnerPanel owner) {

        public String url() {
            return ResourcePaths.instance(instance.serviceName, instance.name);
        }

        /** The inputs as the ServiceInstanceSpec a user would write. */
        public String spec() {
            return SpecDocuments.instance(SpecDocuments.read(instance.spec));
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance show(Page page);

        static native TemplateInstance show$status(Page page);

        static native TemplateInstance show$facts(Page page);

        static native TemplateInstance show$history(Page page);

        static native TemplateInstance edit(ServiceInstance instance, Draft draft, ServiceSyncService.InstanceSync sync);

        static native TemplateInstance delete(ServiceInstance instance, Map<String, String> outputs, List<ProvisionedResource> resources,
                Component component, boolean last, String error);
    }

    @Inject
    OwnerPanels owners;

    @Inject
    ServiceService services;

    @Inject
    ServiceSearch search;

    @Inject
    ComponentService components;

    @Inject
    DeploymentService deployments;

    @Inject
    TemplateService templates;

    @Inject
    Drafts drafts;

    @Inject
    ServiceSyncService syncs;

    @Inject
    Viewer viewer;

    @Inject
    Htmx htmx;

    @Inject
    DeletedPages deleted;

    // --- one instance -----------------------------------------------------------------------------------------

    @GET
    @Path("{name}")
    public Response show(@RestPath String service, @RestPath String name) {
        return deleted.pageOrDeleted(() -> htmx.resourcePage("instance", page(service, name), Templates::show, Templates::show$status, Templates::show$facts,
                Templates::show$history), "Service instance " + service + "/" + name, DeploymentService.Filter.ofInstance(service, name));
    }

    @POST
    @Path("{name}/cancel")
    @RolesAllowed({"developer", "platform-admin"})
    public Response cancel(@RestPath String service, @RestPath String name) {
        services.cancelInstanceDeployment(viewer.caller(), service, name);
        return changed(service, name);
    }

    /** The update notice's one button: the MINOR_VERSION or MAJOR_VERSION deployment to the recommended version. */
    @POST
    @Path("{name}/update")
    @RolesAllowed({"developer", "platform-admin"})
    public Response update(@RestPath String service, @RestPath String name, @RestForm String deploymentType, @RestForm int major,
            @RestForm int minor) {
        services.updateInstance(viewer.caller(), service, name, new VersionChange(UpdateNotice.requested(deploymentType), null, major, minor));
        return changed(service, name);
    }

    @GET
    @Path("{name}/edit")
    @RolesAllowed({"developer", "platform-admin"})
    public TemplateInstance edit(@RestPath String service, @RestPath String name) {
        Caller caller = viewer.caller();
        ServiceInstance i = services.instance(caller, service, name);
        Template t = templates.template(caller, TemplateType.SERVICE, i.templateName);
        TemplateVersion v = templates.version(caller, TemplateType.SERVICE, i.templateName, i.templateVersion.major, i.templateVersion.minor);
        Form form = Form.empty().with("version", v.version()).with("deploymentType", DeploymentType.CURRENT_VERSION.name());
        return Templates.edit(i, drafts.prefilled(caller, t, v, Drafts.InputType.INSTANCE, form, SpecDocuments.read(i.spec)),
                syncs.instanceSync(caller, service, name));
    }

    /** Edit's submit: the inputs deployed on the version in use (CURRENT_VERSION) or on the chosen one. */
    @POST
    @Path("{name}/edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"developer", "platform-admin"})
    public Response saveEdit(@RestPath String service, @RestPath String name, MultivaluedMap<String, String> body) {
        Caller caller = viewer.caller();
        ServiceInstance i = services.instance(caller, service, name);
        Draft draft = drafts.posted(caller, templates.template(caller, TemplateType.SERVICE, i.templateName), Drafts.InputType.INSTANCE, body);
        if (Drafts.submitted(draft, EDITS, "spec", type -> services.updateInstance(caller, service, name, new VersionChange(type,
                SpecDocuments.instance(draft.inputs().inputs()), draft.majorFor(type), draft.minorFor(type))))) {
            return Response.seeOther(URI.create(ResourcePaths.instance(service, name))).build();
        }
        return Response.status(400).entity(Templates.edit(i, draft, syncs.instanceSync(caller, service, name))).build();
    }

    /** The confirmation, naming what the deletion removes, or why it can't be deleted. */
    @GET
    @Path("{name}/delete")
    @RolesAllowed({"developer", "platform-admin"})
    public TemplateInstance confirmDelete(@RestPath String service, @RestPath String name) {
        return confirmation(service, name, null);
    }

    @POST
    @Path("{name}/delete")
    @RolesAllowed({"developer", "platform-admin"})
    public Response delete(@RestPath String service, @RestPath String name) {
        try {
            services.deleteInstance(viewer.caller(), service, name);
            return Response.seeOther(URI.create(ResourcePaths.instance(service, name))).build();
        } catch (PaveException e) {
            return Response.status(e.httpStatus()).entity(confirmation(service, name, e.getMessage())).build();
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private TemplateInstance confirmation(String service, String name, String error) {
        Caller caller = viewer.caller();
        ServiceInstance i = services.instance(caller, service, name);
        boolean last = search.instances(caller, service, List.of(), null, false, 0, Integer.MAX_VALUE).stream().filter(x -> !x.deleting)
                .count() <= 1;
        return Templates.delete(i, services.instanceOutputs(caller, service, name, null), services.instanceResources(caller, service, name),
                attached(caller, service, name), last, error);
    }

    private Component attached(Caller caller, String service, String name) {
        return components.components(caller, null, service, name, 0, 1).stream().findFirst().orElse(null);
    }

    private Page page(String service, String name) {
        Caller caller = viewer.caller();
        ServiceInstance i = services.instance(caller, service, name);
        Template t = templates.template(caller, TemplateType.SERVICE, i.templateName);
        Deployment current = deployments.lastAttempted(caller, i.deployment);
        List<Deployment> history = deployments.deployments(caller,
                DeploymentService.Filter.ofInstance(service, name), 0, HISTORY);
        return new Page(i, t, current, current == null ? Map.of() : deployments.files(current.id),
                services.instanceOutputs(caller, service, name, null), services.instanceResources(caller, service, name), history,
                i.deleting ? null : UpdateNotice.of(templates.recommendedVersion(t), i.templateVersion, i.deployment), attached(caller, service, name),
                syncs.instanceSync(caller, service, name), owners.ofPart(caller, services.service(caller, service)));
    }

    private Response changed(String service, String name) {
        return htmx.deploymentChanged(() -> Templates.show$status(page(service, name)), ResourcePaths.instance(service, name));
    }
}
