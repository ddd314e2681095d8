package dev.pave.web.resources;

import dev.pave.component.Component;
import dev.pave.component.ComponentService.Change;
import dev.pave.component.ComponentService;
import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentService;
import dev.pave.deploy.DeploymentType;
import dev.pave.environment.Environment;
import dev.pave.environment.EnvironmentService;
import dev.pave.error.PaveException;
import dev.pave.error.ValidationException;
import dev.pave.identity.Caller;
import dev.pave.provision.ProvisionedResource;
import dev.pave.service.ServiceSearch;
import dev.pave.web.Htmx;
import dev.pave.web.QueryParams;
import dev.pave.web.Texts;
import dev.pave.web.Viewer;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Directly defined components: the list (by environment and service), create, a component's page with its live
 * deployment, edit of its description, template file and service spec (or detaching it), and delete. Changes go through
 * {@link ComponentService}, which checks the caller's roles again.
 */
@Path("/components")
public class Components {

    static final int PAGE_SIZE = 50;
    /** At most this many environments and instances in the create form's pickers. */
    static final int CHOICES = 1000;
    static final int HISTORY = 20;

    private static final String ENTER_TEMPLATE = "Enter the CloudFormation template the component deploys.";

    /** The list's filters as the page's query has them; empty strings for "any". */
    @TemplateData
    public record Listing(String environment, String service) {

        /** The list's URL on another page, the filters kept. */
        public String url(int page) {
            return "/components?environment=" + QueryParams.encode(environment) + "&service=" + QueryParams.encode(service) + "&page=" + page;
        }
    }

    /** A component's page. */
    @TemplateData
    public record Page(Component component, Deployment current, Map<String, String> files, Map<String, String> outputs,
            List<ProvisionedResource> resources, List<Deployment> history, OwnerPanel owner) {

        public String url() {
            return ResourcePaths.component(component.name);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<Component> components, Listing listing, int page, boolean more);

        static native TemplateInstance index$list(List<Component> components, Listing listing, int page, boolean more);

        static native TemplateInstance add(Form form, Choices choices);

        static native TemplateInstance show(Page page);

        static native TemplateInstance show$status(Page page);

        static native TemplateInstance show$facts(Page page);

        static native TemplateInstance show$history(Page page);

        static native TemplateInstance edit(Component component, Form form);

        static native TemplateInstance delete(Component component, Map<String, String> outputs, List<ProvisionedResource> resources,
                String error);
    }

    @Inject
    OwnerPanels owners;

    @Inject
    ComponentService components;

    @Inject
    DeploymentService deployments;

    @Inject
    Viewer viewer;

    @Inject
    Htmx htmx;

    @Inject
    DeletedPages deleted;

    @Inject
    EnvironmentService environments;

    @Inject
    ServiceSearch instances;

    /**
     * What the create form offers: environments (those without a component role can't take one), and service
     * instances to attach to (one with a component already can't take a second).
     */
    @TemplateData
    public record Choices(List<Environment> environments, List<Attachable> instances) {
    }

    /** An instance as the form offers it; {@code value} is {@code service/instance}, {@code component} the one attached. */
    @TemplateData
    public record Attachable(String value, String environment, String component) {
    }

    @GET
    public TemplateInstance index(@RestQuery String environment, @RestQuery String service, @RestQuery Integer page) {
        int current = QueryParams.page(page);
        Listing listing = new Listing(QueryParams.text(environment), QueryParams.text(service));
        List<Component> found = components.components(viewer.caller(), QueryParams.orNull(listing.environment()),
                QueryParams.orNull(listing.service()), null, (current - 1) * PAGE_SIZE, PAGE_SIZE + 1);
        List<Component> shown = found.subList(0, Math.min(PAGE_SIZE, found.size()));
        boolean more = found.size() > PAGE_SIZE;
        return htmx.targets("component-list") ? Templates.index$list(shown, listing, current, more) : Templates.index(shown, listing, current, more);
    }

    @GET
    @Path("new")
    @RolesAllowed({"developer", "platform-admin"})
    public TemplateInstance add() {
        return Templates.add(Form.empty().with("manifest", ComponentService.MANIFEST), choices());
    }

    /** Creates the component in an environment, or attached to a service instance when one is named. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"developer", "platform-admin"})
    public Response create(MultivaluedMap<String, String> body) {
        Form f = Form.posted(body);
        f.requireName("name");
        // the instance picker's value is service/instance; service and instance names have no "/"
        String[] attachTo = f.valueOf("instance").strip().split("/", 2);
        boolean attach = attachTo.length == 2;
        if (!attach && f.valueOf("environment").isBlank()) {
            f.reject("environment", "Choose the environment, or a service instance to attach the component to.");
        } else if (attach && !f.valueOf("environment").isBlank()) {
            f.reject("environment", "Choose an environment or a service instance, not both: an attached component runs in its instance's environment.");
        }
        requireText(f, "manifest", "Enter the manifest.");
        requireText(f, "templateFile", ENTER_TEMPLATE);
        String name = f.valueOf("name").strip();
        if (!f.hasErrors() && Drafts.attempt(f, () -> components.create(viewer.caller(), new ComponentService.NewComponent(name,
                Texts.emptyToNull(f.valueOf("description")), attach ? null : f.valueOf("environment").strip(),
                attach ? attachTo[0] : null, attach ? attachTo[1] : null,
                Texts.emptyToNull(f.valueOf("serviceSpec")), f.valueOf("manifest"), f.valueOf("templateFile"), OwnerPanels.chosenTeam(f))), e -> placeError(f, e))) {
            return Response.seeOther(URI.create("/components/" + name)).build();
        }
        return Response.status(400).entity(Templates.add(f, choices())).build();
    }

    @GET
    @Path("{name}")
    public Response show(@RestPath String name) {
        return deleted.pageOrDeleted(() -> htmx.resourcePage("component", page(name), Templates::show, Templates::show$status, Templates::show$facts,
                Templates::show$history), "Component " + name, DeploymentService.Filter.ofComponent(name));
    }

    @POST
    @Path("{name}/cancel")
    @RolesAllowed({"developer", "platform-admin"})
    public Response cancel(@RestPath String name) {
        components.cancelDeployment(viewer.caller(), name);
        return htmx.deploymentChanged(() -> Templates.show$status(page(name)), "/components/" + name);
    }

    @GET
    @Path("{name}/edit")
    @RolesAllowed({"developer", "platform-admin"})
    public TemplateInstance edit(@RestPath String name) {
        Component c = components.component(viewer.caller(), name);
        return Templates.edit(c, Form.empty().with("description", c.description).with("templateFile", c.templateFile)
                .with("serviceSpec", c.serviceSpec).with("deploymentType", DeploymentType.CURRENT_VERSION.name()));
    }

    /** Edit's submit: NONE changes the description only; CURRENT_VERSION deploys the template file, spec and attachment. */
    @POST
    @Path("{name}/edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"developer", "platform-admin"})
    public Response saveEdit(@RestPath String name, MultivaluedMap<String, String> body) {
        Caller caller = viewer.caller();
        Component c = components.component(caller, name);
        Form f = Form.posted(body);
        DeploymentType type = Drafts.deploymentType(f, EnumSet.of(DeploymentType.NONE, DeploymentType.CURRENT_VERSION));
        if (type == DeploymentType.CURRENT_VERSION) {
            requireText(f, "templateFile", ENTER_TEMPLATE);
        }
        boolean deploys = type == DeploymentType.CURRENT_VERSION;
        boolean detach = deploys && c.attached() && f.isChecked("detach");
        if (!f.hasErrors() && Drafts.attempt(f, () -> components.update(caller, name, deploys
                ? Change.deploy(f.valueOf("description"), Texts.emptyToNull(f.valueOf("serviceSpec")), f.valueOf("templateFile"), detach)
                : Change.describe(f.valueOf("description"))), e -> placeError(f, e))) {
            return Response.seeOther(URI.create("/components/" + name)).build();
        }
        return Response.status(400).entity(Templates.edit(c, f)).build();
    }

    /** The confirmation, naming what the deletion removes, or why it can't be deleted yet. */
    @GET
    @Path("{name}/delete")
    @RolesAllowed({"developer", "platform-admin"})
    public TemplateInstance confirmDelete(@RestPath String name) {
        return confirmation(name, null);
    }

    @POST
    @Path("{name}/delete")
    @RolesAllowed({"developer", "platform-admin"})
    public Response delete(@RestPath String name) {
        try {
            components.delete(viewer.caller(), name);
            return Response.seeOther(URI.create("/components/" + name)).build();
        } catch (PaveException e) {
            return Response.status(e.httpStatus()).entity(confirmation(name, e.getMessage())).build();
        }
    }

    private Choices choices() {
        Caller caller = viewer.caller();
        Map<String, String> attached = new HashMap<>();
        components.components(caller, null, null, null, 0, CHOICES).stream().filter(Component::attached)
                .forEach(c -> attached.put(c.serviceName + "/" + c.serviceInstanceName, c.name));
        List<Attachable> attachable = instances.search(caller, new ServiceSearch.InstanceSearch(null, null, null, null, null), 0, CHOICES).stream()
                .map(i -> new Attachable(i.serviceName + "/" + i.name, i.environmentName, attached.get(i.serviceName + "/" + i.name))).toList();
        return new Choices(environments.environments(caller, List.of(), 0, CHOICES), attachable);
    }

    private static void requireText(Form f, String field, String message) {
        if (f.valueOf(field).isBlank()) {
            f.reject(field, message);
        }
    }

    /** A template that does not render or a manifest Pave refuses is that field's problem; the rest is the whole form's. */
    private static void placeError(Form f, ValidationException e) {
        f.reject(e, "templateFile", "manifest");
    }

    private TemplateInstance confirmation(String name, String error) {
        Caller caller = viewer.caller();
        return Templates.delete(components.component(caller, name), components.outputs(caller, name, null),
                components.provisionedResources(caller, name), error);
    }

    private Page page(String name) {
        Caller caller = viewer.caller();
        Component c = components.component(caller, name);
        Deployment current = deployments.lastAttempted(caller, c.deployment);
        List<Deployment> history = deployments.deployments(caller, DeploymentService.Filter.ofComponent(name),
                0, HISTORY);
        return new Page(c, current, current == null ? Map.of() : deployments.files(current.id), components.outputs(caller, name, null),
                components.provisionedResources(caller, name), history, owners.of(caller, c, components.arn(c), ResourcePaths.component(name)));
    }
}
