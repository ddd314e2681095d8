package dev.pave.web.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.account.AccountService.SettingsChange;
import dev.pave.account.AccountService;
import dev.pave.account.AccountSettings;
import dev.pave.deploy.Provisioners;
import dev.pave.error.PaveException;
import dev.pave.provision.command.CommandProvisioner;
import dev.pave.web.Htmx;
import dev.pave.web.Viewer;
import dev.pave.web.forms.Form;
import dev.pave.web.forms.RoleArns;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The account settings (Proton's GetAccountSettings and UpdateAccountSettings): the roles service pipelines are
 * provisioned with, and the repository self-managed pipelines are committed to. Platform admins only, page and
 * fragment alike.
 */
@Path("/admin/settings")
@RolesAllowed("platform-admin")
public class Settings {

    static final List<String> PROVIDERS = List.of("GITHUB", "GITHUB_ENTERPRISE", "BITBUCKET");
    /** Proton's RepositoryName: owner/name. */
    private static final String REPOSITORY_NAME = "[A-Za-z0-9_.-].*/[A-Za-z0-9_.-].*";
    private static final ObjectMapper JSON = new ObjectMapper();

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance edit(Form form, List<String> providers, boolean saved, List<String> warnings);

        static native TemplateInstance edit$panel(Form form, List<String> providers, boolean saved, List<String> warnings);
    }

    @Inject
    AccountService accounts;

    @Inject
    Viewer viewer;

    @Inject
    CommandProvisioner commands;

    @Inject
    Provisioners provisioners;

    @Inject
    Htmx htmx;

    @GET
    public TemplateInstance edit(@RestQuery boolean saved) {
        AccountSettings s = accounts.settings(viewer.caller());
        Form form = Form.empty().with("pipelineServiceRoleArn", s.pipelineServiceRoleArn).with("pipelineCodebuildRoleArn", s.pipelineCodebuildRoleArn)
                .with("repositoryProvider", PROVIDERS.get(0));
        if (s.pipelineProvisioningRepository != null) {
            JsonNode repo = read(s.pipelineProvisioningRepository);
            form.with("repositoryProvider", repo.path("provider").asText()).with("repositoryName", repo.path("name").asText())
                    .with("repositoryBranch", repo.path("branch").asText());
        }
        return Templates.edit(form, PROVIDERS, saved, warnings());
    }

    /** Empty roles are cleared; an empty repository name and branch remove the repository. */
    @POST
    public Response save(@RestForm String pipelineServiceRoleArn, @RestForm String pipelineCodebuildRoleArn,
            @RestForm String repositoryProvider, @RestForm String repositoryName, @RestForm String repositoryBranch) {
        Form form = Form.empty().with("pipelineServiceRoleArn", pipelineServiceRoleArn).with("pipelineCodebuildRoleArn", pipelineCodebuildRoleArn)
                .with("repositoryProvider", repositoryProvider).with("repositoryName", repositoryName).with("repositoryBranch", repositoryBranch);
        RoleArns.requireUnlessEmpty(form, "pipelineServiceRoleArn");
        RoleArns.requireUnlessEmpty(form, "pipelineCodebuildRoleArn");
        String name = form.valueOf("repositoryName").strip();
        String branch = form.valueOf("repositoryBranch").strip();
        boolean repository = !name.isEmpty() || !branch.isEmpty();
        if (repository) {
            if (!PROVIDERS.contains(form.valueOf("repositoryProvider"))) {
                form.reject("repositoryProvider", "Choose the repository's provider.");
            }
            if (!name.matches(REPOSITORY_NAME) || name.length() > 100) {
                form.reject("repositoryName", "Enter the repository as owner/name, e.g. my-org/pipelines.");
            }
            if (branch.isEmpty()) {
                form.reject("repositoryBranch", "Enter the branch pipelines are committed to.");
            }
            form.limit("repositoryBranch", 200);
        }
        if (!form.hasErrors()) {
            try {
                accounts.update(viewer.caller(), new SettingsChange(Optional.of(form.valueOf("pipelineServiceRoleArn").strip()),
                        Optional.of(form.valueOf("pipelineCodebuildRoleArn").strip()),
                        repository ? Optional.of(repositoryJson(form.valueOf("repositoryProvider"), name, branch)) : Optional.empty(), !repository));
                if (!htmx.wantsFragment()) {
                    return Response.seeOther(URI.create("/admin/settings?saved=true")).build();
                }
                return Response.ok(Templates.edit$panel(form, PROVIDERS, true, null)).build();
            } catch (PaveException e) {
                form.reject(e);
            }
        }
        // htmx only swaps successful answers, so the panel with its errors goes out as 200
        return htmx.wantsFragment()
                ? Response.ok(Templates.edit$panel(form, PROVIDERS, false, null)).build()
                : Response.status(400).entity(Templates.edit(form, PROVIDERS, false, warnings())).build();
    }

    /** As UpdateAccountSettings stores it: {@code {"provider", "name", "branch"}}. */
    private static String repositoryJson(String provider, String name, String branch) {
        return JSON.createObjectNode().put("provider", provider).put("name", name).put("branch", branch).toString();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Shown on every visit while template commands run without a sandbox or deployments provision nothing. */
    private List<String> warnings() {
        return Stream.of(commands.unsandboxedWarning(), provisioners.dryRunWarning()).flatMap(Optional::stream).toList();
    }
}
