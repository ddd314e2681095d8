package dev.pave.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Where the portal sends a developer to open the pull request for a proposed service sync branch. */
class ServiceSyncProposalsTest {

    @Test
    void eachHostGetsItsOwnPullRequestPageAndOthersNone() {
        assertEquals("https://github.com/acme/config/compare/main...pave%2Fservice-sync%2Fweb?expand=1",
                ServiceSyncProposals.reviewUrl("GITHUB", "https://github.com/acme/config.git", "main", "pave/service-sync/web"));
        assertEquals("https://ghe.example.com/acme/config/compare/release...pave%2Fservice-sync%2Fweb?expand=1",
                ServiceSyncProposals.reviewUrl("GITHUB_ENTERPRISE", "https://x-access-token@ghe.example.com/acme/config", "release",
                        "pave/service-sync/web"));
        assertEquals("https://gitlab.example.com/acme/config/-/merge_requests/new?merge_request%5Bsource_branch%5D=pave%2Fservice-sync%2Fweb"
                + "&merge_request%5Btarget_branch%5D=main",
                ServiceSyncProposals.reviewUrl("GITHUB", "https://gitlab.example.com/acme/config.git", "main", "pave/service-sync/web"));
        assertEquals("https://bitbucket.org/acme/config/pull-requests/new?source=pave%2Fservice-sync%2Fweb&dest=main",
                ServiceSyncProposals.reviewUrl("BITBUCKET", "https://bitbucket.org/acme/config.git", "main", "pave/service-sync/web"));
        assertNull(ServiceSyncProposals.reviewUrl("GITHUB", "file:///srv/git/config.git", "main", "pave/service-sync/web"));
    }
}
