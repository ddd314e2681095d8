package dev.pave.tag;

import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ServiceQuotaExceededException;
import dev.pave.identity.AuditLog;
import dev.pave.identity.Caller;
import dev.pave.identity.Role;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Tags on any Pave resource, by ARN (Proton's TagResource, UntagResource, ListTagsForResource). */
@ApplicationScoped
@Transactional
public class TagService {

    /** AWS allows 50 user tags per resource. */
    static final int MAX_TAGS = 50;

    @Inject
    Instance<TaggableResources> resources;

    @Inject
    AuditLog audit;

    /** Adds or replaces tags; for resources being created, inside their creating transaction. */
    public void tag(Caller caller, String arn, Map<String, String> tags) {
        if (tags == null || tags.isEmpty()) {
            return;
        }
        tags.forEach((key, value) -> {
            ResourceTag tag = ResourceTag.<ResourceTag>find("resourceArn = ?1 and key = ?2", arn, key).firstResultOptional().orElseGet(() -> {
                ResourceTag fresh = new ResourceTag();
                fresh.resourceArn = arn;
                fresh.key = key;
                return fresh;
            });
            tag.value = value;
            tag.persist();
        });
        if (ResourceTag.count("resourceArn", arn) > MAX_TAGS) {
            throw new ServiceQuotaExceededException("A resource can have at most " + MAX_TAGS + " tags");
        }
    }

    public void tagResource(Caller caller, String arn, Map<String, String> tags) {
        caller.require(ownerRole(arn));
        tag(caller, arn, tags);
        audit.record(caller, "TagResource", arn, String.join(",", tags.keySet()));
    }

    public void untagResource(Caller caller, String arn, Collection<String> keys) {
        caller.require(ownerRole(arn));
        ResourceTag.delete("resourceArn = ?1 and key in ?2", arn, keys);
        audit.record(caller, "UntagResource", arn, String.join(",", keys));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ResourceTag> tags(Caller caller, String arn, int offset, int limit) {
        caller.requireAnyRole();
        ownerRole(arn);
        return ResourceTag.find("resourceArn", Sort.by("key"), arn).range(offset, offset + limit - 1).list();
    }

    /** Drops the tags of a deleted resource. */
    public void untagAll(String arn) {
        ResourceTag.delete("resourceArn", arn);
    }

    private Role ownerRole(String arn) {
        return resources.stream().map(r -> r.tagOwnerRole(arn)).flatMap(java.util.Optional::stream).findFirst()
                .orElseThrow(() -> new ResourceNotFoundException("The resource " + arn + " was not found"));
    }
}
