package dev.pave.web.notices;

import dev.pave.notice.Notices;
import dev.pave.web.Htmx;
import dev.pave.web.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** The signed-in user's inbox: notices about what their teams own, newest first, filtered in place, marked read. */
@Path("/inbox")
public class Inbox {

    static final int PAGE = 50;

    /** The filters as the page shows them. */
    public record Filters(boolean unread, String team, String type, List<String> teams, List<String> types) {

        public String query() {
            StringBuilder q = new StringBuilder("?unread=" + unread);
            if (team != null) {
                q.append("&team=").append(java.net.URLEncoder.encode(team, java.nio.charset.StandardCharsets.UTF_8));
            }
            if (type != null) {
                q.append("&type=").append(java.net.URLEncoder.encode(type, java.nio.charset.StandardCharsets.UTF_8));
            }
            return q.toString();
        }
    }

    /** A notice with the page it is about (null when it is about none). */
    public record Row(Notices.InboxItem item, String link) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<Row> rows, Filters filters, long unread);

        static native TemplateInstance index$list(List<Row> rows, Filters filters, long unread);
    }

    @Inject
    Notices notices;

    @Inject
    Viewer viewer;

    @Inject
    Htmx htmx;

    @GET
    public TemplateInstance index(@RestQuery boolean unread, @RestQuery String team, @RestQuery String type) {
        var caller = viewer.caller();
        String t = team == null || team.isBlank() ? null : team;
        String k = type == null || type.isBlank() ? null : type;
        Filters filters = new Filters(unread, t, k, caller.teams().stream().sorted().toList(), notices.detailTypes(caller));
        List<Row> rows = notices.inbox(caller, new Notices.Filter(unread, t, k), 0, PAGE).stream()
                .map(i -> new Row(i, NoticeLinks.of(i.event()))).toList();
        long count = notices.unread(caller);
        return htmx.targets("inbox-list") ? Templates.index$list(rows, filters, count) : Templates.index(rows, filters, count);
    }

    @POST
    @Path("{id}/read")
    public Response markRead(@RestPath long id, @RestQuery String back) {
        notices.markRead(viewer.caller(), id);
        return backTo(back);
    }

    @POST
    @Path("read")
    public Response markAllRead(@RestQuery String back) {
        notices.markAllRead(viewer.caller());
        return backTo(back);
    }

    private static Response backTo(String query) {
        String q = query != null && query.matches("\\?[A-Za-z0-9=&%._+-]*") ? query : "";
        return Response.seeOther(URI.create("/inbox" + q)).build();
    }
}
