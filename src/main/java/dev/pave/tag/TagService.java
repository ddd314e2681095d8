package dev.pave.tag;

import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ServiceQuotaExceededException;
import dev.pave.error.ValidationException;
import dev.pave.identity.AuditLog;
import dev.pave.identity.Caller;
import dev.pave.identity.Role;
import dev.pave.team.Owned;
import dev.pave.team.Ownership;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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

    @Inject
    Ownership ownership;

    /**
     * Adds or replaces tags; for resources being created, inside their creating transaction. The owning team's tag is
     * never stored: the resource's owner is the one truth, shown as that tag.
     */
    public void tag(Caller caller, String arn, Map<String, String> tags) {
        if (tags == null || tags.isEmpty()) {
            return;
        }
        tags.forEach((key, value) -> {
            if (key.equals(Ownership.TAG)) {
                return;
            }
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

    /** TagResource; the tag {@value Ownership#TAG} hands the resource to that team. */
    public void tagResource(Caller caller, String arn, Map<String, String> tags) {
        caller.require(ownerRole(arn));
        Optional<Owned> owned = ownership.owner(arn);
        owned.ifPresent(o -> ownership.requireChange(caller, o));
        if (tags.containsKey(Ownership.TAG)) {
            Owned o = owned.orElseThrow(() -> new ValidationException("Only environments, services and components have an owning team ("
                    + Ownership.TAG + ")"));
            ownership.transfer(caller, o, tags.get(Ownership.TAG));
        }
        tag(caller, arn, tags);
        audit.record(caller, "TagResource", arn, String.join(",", tags.keySet()));
    }

    public void untagResource(Caller caller, String arn, Collection<String> keys) {
        caller.require(ownerRole(arn));
        ownership.owner(arn).ifPresent(o -> ownership.requireChange(caller, o));
        if (keys.contains(Ownership.TAG)) {
            throw new ValidationException("A resource's owning team (" + Ownership.TAG + ") can be changed with TagResource, not removed");
        }
        ResourceTag.delete("resourceArn = ?1 and key in ?2", arn, keys);
        audit.record(caller, "UntagResource", arn, String.join(",", keys));
    }

    /** A page of the tags, the owning team's last (after the stored ones, so paging over both stays simple). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ResourceTag> tags(Caller caller, String arn, int offset, int limit) {
        caller.requireAnyRole();
        ownerRole(arn);
        List<ResourceTag> page = new ArrayList<>(ResourceTag.<ResourceTag>find("resourceArn", Sort.by("key"), arn).range(offset, offset + limit - 1).list());
        Optional<Owned> owned = ownership.owner(arn);
        if (owned.isPresent() && page.size() < limit && (!page.isEmpty() || ResourceTag.count("resourceArn", arn) == offset)) {
            ResourceTag team = new ResourceTag();
            team.resourceArn = arn;
            team.key = Ownership.TAG;
            team.value = owned.get().ownerTeam();
            page.add(team);
        }
        return page;
    }

    /** The value of one tag key on each of these resources; resources without it are absent. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, String> values(Collection<String> arns, String key) {
        if (arns.isEmpty()) {
            return Map.of();
        }
        return ResourceTag.<ResourceTag>list("resourceArn in ?1 and key = ?2", arns, key).stream()
                .collect(Collectors.toMap(t -> t.resourceArn, t -> t.value));
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
