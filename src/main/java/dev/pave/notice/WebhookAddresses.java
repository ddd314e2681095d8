package dev.pave.notice;

import dev.pave.PaveConfig;
import dev.pave.error.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Which URLs notices may be sent to. Pave posts from inside the network, so a webhook must not reach the cloud's
 * metadata service (link-local addresses, never) or, unless {@code pave.notices.private-addresses} allows it (an
 * internal receiver, a local test), loopback and private addresses. Checked when a target is made and again before
 * each send, since a name may resolve elsewhere later.
 */
@ApplicationScoped
public class WebhookAddresses {

    @Inject
    PaveConfig config;

    /** The URL, or null with the problem added. */
    URI check(String url, List<ValidationException.Problem> problems) {
        String text = url == null ? "" : url.strip();
        URI uri;
        try {
            uri = new URI(text);
        } catch (java.net.URISyntaxException e) {
            problems.add(ValidationException.Problem.about("url", "Enter an http:// or https:// URL"));
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawUserInfo() != null || text.length() > 2048) {
            problems.add(ValidationException.Problem.about("url", "Enter an http:// or https:// URL with a host and no user name"));
            return null;
        }
        String refusal = refusal(uri);
        if (refusal != null) {
            problems.add(ValidationException.Problem.about("url", refusal));
            return null;
        }
        return uri;
    }

    /** Why Pave won't send there now, or null. */
    String refusal(URI uri) {
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return "The host " + uri.getHost() + " is unknown";
        }
        for (InetAddress a : resolved) {
            if (a.isLinkLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress()) {
                return "The host " + uri.getHost() + " is a link-local or unspecified address, which notices never go to";
            }
            boolean internal = a.isLoopbackAddress() || a.isSiteLocalAddress() || (a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc);
            if (internal && !config.notices().privateAddresses()) {
                return "The host " + uri.getHost() + " is a loopback or private address; set pave.notices.private-addresses=true to allow those";
            }
        }
        return null;
    }
}
