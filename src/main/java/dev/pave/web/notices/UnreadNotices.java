package dev.pave.web.notices;

import dev.pave.notice.Notices;
import dev.pave.web.Viewer;
import io.quarkus.runtime.BlockingOperationControl;
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

    /** Zero on the pages Pave renders on an I/O thread (error pages), which may not wait for the database. */
    public long getUnread() {
        if (unread == null) {
            unread = viewer.isSignedIn() && BlockingOperationControl.isBlockingAllowed() ? notices.unread(viewer.caller()) : 0L;
        }
        return unread;
    }
}
