package dev.pave.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.tag.ResourceTag;
import dev.pave.tag.TagService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** TagResource, UntagResource and ListTagsForResource. */
@ApplicationScoped
public class TagOperations implements ApiOperations {

    @Inject
    TagService tags;

    @Override
    public Map<String, ApiOperation> operations() {
        return Map.of(
                "TagResource", (caller, in) -> {
                    tags.tagResource(caller, Json.required(in, "resourceArn"), tagMap(in.get("tags")));
                    return Json.object();
                },
                "UntagResource", (caller, in) -> {
                    List<String> keys = new ArrayList<>();
                    in.get("tagKeys").forEach(k -> keys.add(k.asText()));
                    tags.untagResource(caller, Json.required(in, "resourceArn"), keys);
                    return Json.object();
                },
                "ListTagsForResource", (caller, in) -> {
                    Paging paging = Paging.of(in, "ListTagsForResource:" + in.path("resourceArn").asText());
                    List<ResourceTag> rows = tags.tags(caller, Json.required(in, "resourceArn"), paging.offset(), paging.fetchSize());
                    return paging.write(Json.object(), "tags", rows, t -> Json.object().put("key", t.key).put("value", t.value));
                });
    }

    /** Proton's TagList ([{key, value}]) as a map; later duplicates win, as in AWS. */
    public static Map<String, String> tagMap(JsonNode list) {
        Map<String, String> map = new LinkedHashMap<>();
        if (list != null) {
            list.forEach(t -> map.put(t.path("key").asText(), t.path("value").asText()));
        }
        return map;
    }
}
