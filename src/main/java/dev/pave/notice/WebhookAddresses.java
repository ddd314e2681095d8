package dev.pave.notice;

import dev.pave.PaveConfig;
import dev.pave.error.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
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
            switch (reach(a)) {
                case NEVER -> {
                    return "The host " + uri.getHost() + " is a link-local, metadata, reserved or special-purpose address, which notices never go to";
                }
                case PRIVATE -> {
                    if (!config.notices().privateAddresses()) {
                        return "The host " + uri.getHost() + " is a loopback or private address; set pave.notices.private-addresses=true to allow those";
                    }
                }
                case PUBLIC -> {
                    // fine
                }
            }
        }
        return null;
    }

    /** How far an address is from the public internet. */
    enum Reach {
        PUBLIC,
        /** Loopback, RFC 1918, shared (100.64/10), unique-local IPv6: an internal receiver, allowed by setting. */
        PRIVATE,
        /** Link-local and cloud metadata, unspecified, multicast, broadcast, reserved, documentation and benchmark ranges. */
        NEVER
    }

    static Reach reach(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return reach4(b);
        }
        // IPv6 forms that carry an IPv4 address: IPv4-compatible ::a.b.c.d, translated ::ffff:0:a.b.c.d, NAT64
        // 64:ff9b::a.b.c.d, and 6to4 2002:aabb:ccdd::; each is as far as the address it carries
        if (zero(b, 0, 12) || zero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && zero(b, 10, 12)
                || (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && zero(b, 4, 12)) {
            if (zero(b, 0, 15) && (b[15] == 0 || b[15] == 1)) {
                return b[15] == 1 ? Reach.PRIVATE : Reach.NEVER; // ::1 and ::
            }
            return reach4(Arrays.copyOfRange(b, 12, 16));
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return reach4(Arrays.copyOfRange(b, 2, 6));
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0) {
            return Reach.NEVER; // Teredo tunnels to an address of its own choosing
        }
        if (address.isLinkLocalAddress() || address.isMulticastAddress() || (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d
                && (b[3] & 0xff) == 0xb8) {
            return Reach.NEVER; // fe80::/10, ff00::/8, 2001:db8::/32 (documentation)
        }
        return (b[0] & 0xfe) == 0xfc ? Reach.PRIVATE : Reach.PUBLIC; // fc00::/7
    }

    private static Reach reach4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 0 || a0 >= 224 // unspecified "this network", multicast, reserved and broadcast
                || a0 == 169 && a1 == 254 // link-local: the metadata service of AWS, GCP and Azure
                || a0 == 100 && a1 == 100 && a2 == 100 // Alibaba Cloud's metadata service
                || a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2) // IETF protocol assignments, TEST-NET-1
                || a0 == 198 && (a1 == 18 || a1 == 19) // benchmarking
                || a0 == 198 && a1 == 51 && a2 == 100 || a0 == 203 && a1 == 0 && a2 == 113) { // TEST-NET-2 and 3
            return Reach.NEVER;
        }
        if (a0 == 127 || a0 == 10 || a0 == 172 && a1 >= 16 && a1 <= 31 || a0 == 192 && a1 == 168 || a0 == 100 && a1 >= 64 && a1 <= 127) {
            return Reach.PRIVATE;
        }
        return Reach.PUBLIC;
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
