package dev.pave.provision.cloudformation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * A stack's events since a marker, oldest first, each handed out once. CloudFormation lists events newest first
 * and keeps the whole history, so reading stops at the newest event seen before.
 */
final class StackEvents {

    private final CloudFormationClient cloudFormation;
    private final String stackId;
    private String marker;
    private String firstFailure;

    StackEvents(CloudFormationClient cloudFormation, String stackId, String marker, String firstFailure) {
        this.cloudFormation = cloudFormation;
        this.stackId = stackId;
        this.marker = marker;
        this.firstFailure = firstFailure;
    }

    /** Id of the stack's newest event, or null for a stack without events; marks where an operation starts. */
    static String newestEventId(CloudFormationClient cloudFormation, String stackId) {
        List<StackEvent> page = cloudFormation.describeStackEvents(r -> r.stackName(stackId)).stackEvents();
        return page.isEmpty() ? null : page.get(0).eventId();
    }

    /** Events that happened since the last call, oldest first. */
    List<StackEvent> readNew() {
        List<StackEvent> newestFirst = new ArrayList<>();
        for (StackEvent event : cloudFormation.describeStackEventsPaginator(r -> r.stackName(stackId)).stackEvents()) {
            if (event.eventId().equals(marker)) {
                break;
            }
            newestFirst.add(event);
        }
        List<StackEvent> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        for (StackEvent event : oldestFirst) {
            if (firstFailure == null && isFailure(event)) {
                firstFailure = describe(event);
            }
        }
        if (!newestFirst.isEmpty()) {
            marker = newestFirst.get(0).eventId();
        }
        return oldestFirst;
    }

    String marker() {
        return marker;
    }

    /** The first failed event since the operation began, e.g. {@code VPC CREATE_FAILED: …}. */
    Optional<String> firstFailure() {
        return Optional.ofNullable(firstFailure);
    }

    static String describe(StackEvent event) {
        String line = event.logicalResourceId() + " " + event.resourceStatusAsString();
        String reason = event.resourceStatusReason();
        return reason == null || reason.isBlank() ? line : line + ": " + reason;
    }

    private static boolean isFailure(StackEvent event) {
        String status = event.resourceStatusAsString();
        return status != null && status.endsWith("_FAILED") && event.resourceStatusReason() != null;
    }
}
