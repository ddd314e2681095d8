package dev.pave.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.fleet.ResourcesSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** GetResourcesSummary. */
@ApplicationScoped
public class SummaryOperations implements ApiOperations {

    @Inject
    ResourcesSummary summary;

    @Override
    public Map<String, ApiOperation> operations() {
        return Map.of("GetResourcesSummary", (caller, in) -> {
            ObjectNode counts = Json.object();
            summary.summary(caller).forEach((kind, c) -> counts.set(kind, Json.object().put("total", c.total).put("upToDate", c.upToDate)
                    .put("behindMinor", c.behindMinor).put("behindMajor", c.behindMajor).put("failed", c.failed)));
            return Json.object().set("counts", counts);
        });
    }
}
