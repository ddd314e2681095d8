package dev.pave.web.notices;

import dev.pave.notice.Notices;
import dev.pave.web.Viewer;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The header's unread count ({@code {inject:inbox.unread}}), asked once per page. */
@RequestScoped
@Named("inbox")
public class UnreadNotices {

    @Inject
    Notices notices;

    @Inject
    Viewer viewer;

    private Long unread;

    public long getUnread() {
        if (unread == null) {
            unread = viewer.isSignedIn() ? notices.unread(viewer.caller()) : 0L;
        }
        return unread;
    }
}
