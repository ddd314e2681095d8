package dev.pave.api;

import dev.pave.repository.RepositoryService;
import dev.pave.repository.WebhookSignature;
import dev.pave.sync.SyncTrigger;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/v1/webhooks/{provider}/{name}}: a repository host's push webhook. A genuine one (signed with, or
 * carrying, the secret set on the repository's access) starts a sync of that repository at once; anything else
 * gets 401 and changes nothing. The payload is not read beyond its signature: the sync asks Git what changed.
 */
@Path("/api/v1/webhooks/{provider}/{name: .+}")
public class WebhookApi {

    private static final Logger LOG = Logger.getLogger(WebhookApi.class);

    @Inject
    RepositoryService repositories;

    @Inject
    SyncTrigger trigger;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response push(@PathParam("provider") String provider, @PathParam("name") String name, byte[] body,
            @HeaderParam("X-Hub-Signature-256") String hubSignature256, @HeaderParam("X-Hub-Signature") String hubSignature,
            @HeaderParam("X-Gitlab-Token") String gitlabToken) {
        WebhookSignature signature = new WebhookSignature(hubSignature256, hubSignature, gitlabToken);
        if (!signature.present() || !repositories.genuineWebhook(provider, name, body == null ? new byte[0] : body, signature)) {
            // the same answer whether the repository is unknown, has no secret or the signature is wrong
            LOG.debugf("refused a webhook for %s/%s", provider, name);
            return Response.status(Response.Status.UNAUTHORIZED).type(MediaType.TEXT_PLAIN)
                    .entity("The webhook's signature does not match the secret set for this repository\n").build();
        }
        trigger.requestRepository(provider, name);
        return Response.accepted().build();
    }
}
