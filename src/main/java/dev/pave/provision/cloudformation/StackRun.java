package dev.pave.provision.cloudformation;

import dev.pave.provision.ProvisionContext;
import dev.pave.provision.ProvisionOutcome.Cancelled;
import dev.pave.provision.ProvisionOutcome.Failed;
import dev.pave.provision.ProvisionOutcome.Succeeded;
import dev.pave.provision.ProvisionOutcome;
import dev.pave.provision.ProvisionRequest;
import dev.pave.provision.cloudformation.StackCheckpoint.Phase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetNotFoundException;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.ExecutionStatus;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * One attempt of one CloudFormation deployment: a new stack created (CreateStack), an existing one updated through a
 * change set, or a deletion; then the stack watched until it settles.
 */
final class StackRun {

    private static final List<Capability> CAPABILITIES =
            List.of(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM, Capability.CAPABILITY_AUTO_EXPAND);
    /**
     * The SDK retries CreateStack only when throttled, i.e. refused before anything was made. Where the request token
     * is not honoured (moto), its retry of a create that failed part-way would answer "already exists" and hide the
     * real error; a failed create is cleaned up and reported by {@link #createFailed} instead.
     */
    private static final SdkPlugin RETRY_CREATE_ONLY_WHEN_THROTTLED = config -> config.overrideConfiguration(c -> c
            .retryStrategy(DefaultRetryStrategy.standardStrategyBuilder()
                    .retryOnException(StackRun::isThrottling)
                    .treatAsThrottling(StackRun::isThrottling)
                    .build()));
    private static final List<StackStatus> SUCCEEDED =
            List.of(StackStatus.CREATE_COMPLETE, StackStatus.UPDATE_COMPLETE, StackStatus.IMPORT_COMPLETE);

    private final CloudFormationClient cloudFormation;
    private final ProvisionContext context;
    private final ProvisionRequest request;
    private final Duration pollInterval;
    private final Duration timeout;
    private final long startedAt;
    private StackCheckpoint checkpoint;
    private StackEvents events;
    private boolean cancelIssued;

    StackRun(CloudFormationClient cloudFormation, ProvisionContext context, Duration pollInterval, Duration timeout) {
        this.cloudFormation = cloudFormation;
        this.context = context;
        this.request = context.request();
        this.pollInterval = pollInterval;
        this.timeout = timeout;
        this.checkpoint = StackCheckpoint.from(context.checkpoint()).orElse(null);
        this.startedAt = checkpoint == null ? System.currentTimeMillis() : checkpoint.startedAt();
        if (checkpoint != null) {
            events = new StackEvents(cloudFormation, checkpoint.stackId(), checkpoint.eventMarker(), checkpoint.firstFailure());
        }
    }

    ProvisionOutcome run() {
        try {
            if (checkpoint == null) {
                return request.action() == ProvisionRequest.Action.DELETE ? startDeletion() : startDeployment();
            }
            context.log("Continuing CloudFormation stack " + request.stackName() + " from " + checkpoint.phase() + " (attempt " + context.attempt() + ")");
            return switch (checkpoint.phase()) {
                case CHANGE_SET -> continueChangeSet();
                case EXECUTING -> watchExecution();
                case DELETING -> watchDeletion();
            };
        } catch (StackFailure e) {
            return new Failed(e.getMessage());
        } catch (SdkException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e; // Pave is stopping: the checkpoint lets the next attempt carry on
            }
            return new Failed("CloudFormation: " + message(e));
        }
    }

    private ProvisionOutcome startDeployment() {
        String template = request.files().get(request.templateFile());
        if (template == null) {
            return new Failed("The rendered bundle has no template file " + request.templateFile());
        }
        List<Parameter> parameters;
        try {
            parameters = StackParameters.values(template, request.targetType(), request.protonInputs()).entrySet().stream()
                    .map(p -> Parameter.builder().parameterKey(p.getKey()).parameterValue(p.getValue()).build()).toList();
        } catch (IllegalArgumentException missing) {
            return new Failed(missing.getMessage());
        }
        Optional<Stack> existing = findStack(request.stackName());
        if (existing.isPresent() && existing.get().stackStatus() == StackStatus.ROLLBACK_COMPLETE) {
            // a failed create whose clean-up did not finish; CloudFormation can only delete such a stack
            deleteAndWait(existing.get().stackId());
            existing = Optional.empty();
        }
        if (existing.isPresent() && existing.get().stackStatus() == StackStatus.REVIEW_IN_PROGRESS) {
            deleteAndWait(existing.get().stackId()); // a change set that never ran; the stack is created anew
            existing = Optional.empty();
        }
        if (existing.isEmpty()) {
            return createStack(template, parameters);
        }
        if (existing.get().stackStatus() == StackStatus.CREATE_IN_PROGRESS && context.attempt() > 1) {
            // an earlier attempt created the stack and stopped before its checkpoint: watch that creation
            save(new StackCheckpoint(Phase.EXECUTING, existing.get().stackId(), null, true, null, null, startedAt));
            events = new StackEvents(cloudFormation, checkpoint.stackId(), null, null);
            return watchExecution();
        }
        String marker = StackEvents.newestEventId(cloudFormation, existing.get().stackId());
        CreateChangeSetResponse created = cloudFormation.createChangeSet(r -> r
                .stackName(request.stackName())
                .changeSetName(token())
                .clientToken(token())
                .changeSetType(ChangeSetType.UPDATE)
                .templateBody(template)
                .parameters(parameters)
                .roleARN(request.roleArn())
                .capabilities(CAPABILITIES)
                .tags(tags()));
        context.log("Updating stack " + request.stackName() + " through change set " + created.id());
        save(new StackCheckpoint(Phase.CHANGE_SET, created.stackId(), created.id(), false, marker, null, startedAt));
        events = new StackEvents(cloudFormation, checkpoint.stackId(), marker, null);
        return continueChangeSet();
    }

    /**
     * New stacks are created directly, with the deployment's request token (CloudFormation stamps it on the stack's
     * events); updates go through change sets. (Creating through a change set gives nothing to review on a new
     * stack, and emulators such as moto never compute the outputs of a stack created that way.)
     */
    private ProvisionOutcome createStack(String template, List<Parameter> parameters) {
        String stackId;
        try {
            stackId = cloudFormation.createStack(r -> r
                    .stackName(request.stackName())
                    .clientRequestToken(token())
                    .templateBody(template)
                    .parameters(parameters)
                    .roleARN(request.roleArn())
                    .capabilities(CAPABILITIES)
                    .tags(tags())
                    .overrideConfiguration(o -> o.addPlugin(RETRY_CREATE_ONLY_WHEN_THROTTLED))).stackId();
        } catch (AlreadyExistsException e) {
            throw e; // someone else's stack appeared since we looked: not ours to delete
        } catch (AwsServiceException e) {
            return createFailed(e);
        }
        context.log("Creating stack " + request.stackName());
        save(new StackCheckpoint(Phase.EXECUTING, stackId, null, true, null, null, startedAt));
        events = new StackEvents(cloudFormation, stackId, null, null);
        return watchExecution();
    }

    /**
     * A refused CreateStack may still have left a stack behind (moto answers e.g. a template using Fn::Cidr with an
     * HTTP 500 and keeps the half-made stack CREATE_IN_PROGRESS for good), which would make the next deployment's
     * create fail with "already exists". Delete it, found by name as the call returned no id, and report
     * CloudFormation's own message.
     */
    private ProvisionOutcome createFailed(AwsServiceException e) {
        String message = message(e);
        try {
            findStack(request.stackName()).ifPresent(left -> deleteAndWait(left.stackId()));
        } catch (StackFailure | SdkException cleanUp) {
            context.log("Could not delete the failed stack " + request.stackName() + ": " + cleanUp.getMessage());
        }
        return new Failed(message);
    }

    private ProvisionOutcome continueChangeSet() {
        Optional<DescribeChangeSetResponse> found = awaitChangeSet();
        if (found.isPresent()) {
            DescribeChangeSetResponse changeSet = found.get();
            ExecutionStatus execution = changeSet.executionStatus();
            boolean executed = execution != ExecutionStatus.AVAILABLE && execution != ExecutionStatus.UNAVAILABLE;
            if (context.cancelRequested() && !executed) {
                discardChangeSet();
                return new Cancelled("Cancelled before the change set was executed");
            }
            if (changeSet.status() == ChangeSetStatus.FAILED) {
                return changeSetFailed(changeSet.statusReason());
            }
            if (execution == ExecutionStatus.OBSOLETE) {
                return new Failed("Change set " + changeSet.changeSetName() + " is obsolete: the stack was changed by someone else");
            }
            if (execution == ExecutionStatus.AVAILABLE) {
                try {
                    cloudFormation.executeChangeSet(r -> r.changeSetName(checkpoint.changeSetId()).clientRequestToken(token()));
                } catch (AwsServiceException e) {
                    String message = message(e);
                    cleanUpFailedCreate();
                    return new Failed(message);
                }
            }
        }
        // a missing change set was executed by an earlier attempt: CloudFormation drops a stack's change sets once one runs
        save(checkpoint.inPhase(Phase.EXECUTING));
        return watchExecution();
    }

    private ProvisionOutcome changeSetFailed(String reason) {
        if (reason != null && (reason.contains("didn't contain changes") || reason.contains("No updates are to be performed"))) {
            context.log("Stack " + request.stackName() + " is already up to date");
            cloudFormation.deleteChangeSet(r -> r.changeSetName(checkpoint.changeSetId()));
            return succeeded();
        }
        cleanUpFailedCreate();
        return new Failed("The change set failed: " + reason);
    }

    private ProvisionOutcome watchExecution() {
        Stack stack = awaitStack(this::cancelInFlight);
        if (SUCCEEDED.contains(stack.stackStatus())) {
            return succeeded();
        }
        if (cancelIssued) {
            if (checkpoint.create() && stack.stackStatus() != StackStatus.DELETE_COMPLETE) {
                deleteAndWait(checkpoint.stackId());
            }
            return new Cancelled("Cancelled; stack " + request.stackName() + " ended in " + stack.stackStatusAsString());
        }
        String message = failureMessage(stack);
        if (checkpoint.create() && stack.stackStatus() != StackStatus.DELETE_COMPLETE) {
            cleanUpFailedCreate();
        }
        return new Failed(message);
    }

    private ProvisionOutcome startDeletion() {
        Optional<Stack> existing = findStack(request.stackName());
        if (existing.isEmpty()) {
            context.log("Stack " + request.stackName() + " does not exist; nothing to delete");
            return new Succeeded(Map.of(), List.of());
        }
        String stackId = existing.get().stackId();
        String marker = StackEvents.newestEventId(cloudFormation, stackId);
        cloudFormation.deleteStack(r -> r.stackName(stackId).roleARN(request.roleArn()).clientRequestToken(token()));
        context.log("Deleting stack " + request.stackName());
        save(new StackCheckpoint(Phase.DELETING, stackId, null, false, marker, null, startedAt));
        events = new StackEvents(cloudFormation, stackId, marker, null);
        return watchDeletion();
    }

    private ProvisionOutcome watchDeletion() {
        Stack stack = awaitStack(null);
        if (stack.stackStatus() == StackStatus.DELETE_COMPLETE) {
            context.log("Stack " + request.stackName() + " deleted");
            return new Succeeded(Map.of(), List.of());
        }
        return new Failed(failureMessage(stack));
    }

    private ProvisionOutcome succeeded() {
        Stack stack = describe(checkpoint.stackId());
        StackContents contents = StackContents.read(cloudFormation, stack);
        context.log("Stack " + request.stackName() + " is " + stack.stackStatusAsString() + " with " + contents.outputs().size() + " outputs");
        return new Succeeded(contents.outputs(), contents.resources());
    }

    /** Waits until the change set is ready, failed or gone (empty), or until a cancel is requested. */
    private Optional<DescribeChangeSetResponse> awaitChangeSet() {
        while (true) {
            DescribeChangeSetResponse changeSet;
            try {
                changeSet = cloudFormation.describeChangeSet(r -> r.changeSetName(checkpoint.changeSetId()));
            } catch (ChangeSetNotFoundException e) {
                return Optional.empty();
            }
            ChangeSetStatus status = changeSet.status();
            boolean pending = status == ChangeSetStatus.CREATE_PENDING || status == ChangeSetStatus.CREATE_IN_PROGRESS;
            if (!pending || context.cancelRequested()) {
                return Optional.of(changeSet);
            }
            pause("change set " + changeSet.changeSetName() + " is still " + status);
        }
    }

    /** Polls the checkpoint's stack, copying its events to the log, until it is no longer in progress. */
    private Stack awaitStack(Consumer<Stack> onCancel) {
        while (true) {
            Stack stack;
            try {
                stack = describe(checkpoint.stackId());
                logNewEvents();
            } catch (SdkClientException unreachable) {
                // the stack carries on without us; keep trying until the time limit
                context.log("CloudFormation could not be reached (" + unreachable.getMessage() + "); retrying");
                pause("CloudFormation could not be reached");
                continue;
            }
            if (!stack.stackStatusAsString().endsWith("_IN_PROGRESS")) {
                return stack;
            }
            if (onCancel != null && !cancelIssued && context.cancelRequested()) {
                cancelIssued = true;
                onCancel.accept(stack);
            }
            pause("stack " + request.stackName() + " is still " + stack.stackStatusAsString());
        }
    }

    private void logNewEvents() {
        String before = events.marker();
        for (StackEvent event : events.readNew()) {
            context.log(StackEvents.describe(event));
        }
        if (!Objects.equals(before, events.marker())) {
            save(checkpoint.withEvents(events.marker(), events.firstFailure().orElse(null)));
        }
    }

    /** A cancel during a CREATE deletes the new stack; during an UPDATE, CloudFormation rolls the update back. */
    private void cancelInFlight(Stack stack) {
        try {
            if (checkpoint.create()) {
                context.log("Cancelling: deleting stack " + request.stackName() + ", which was being created");
                cloudFormation.deleteStack(r -> r.stackName(checkpoint.stackId()));
            } else {
                context.log("Cancelling: rolling back the update of stack " + request.stackName());
                cloudFormation.cancelUpdateStack(r -> r.stackName(checkpoint.stackId()));
            }
        } catch (CloudFormationException e) {
            // e.g. the update already finished or is already rolling back; the stack's end state decides
            context.log("CloudFormation did not accept the cancel: " + message(e));
        }
    }

    private void discardChangeSet() {
        if (checkpoint.create()) { // a create change set, as checkpointed by Pave versions that created stacks that way
            deleteAndWait(checkpoint.stackId());
        } else {
            cloudFormation.deleteChangeSet(r -> r.changeSetName(checkpoint.changeSetId()));
        }
    }

    /** A stack whose creation failed can only be deleted, so delete it now and let the next deployment create it afresh. */
    private void cleanUpFailedCreate() {
        if (!checkpoint.create()) {
            return;
        }
        try {
            deleteAndWait(checkpoint.stackId());
        } catch (StackFailure | SdkException e) {
            context.log("Could not delete the failed stack " + request.stackName() + ": " + e.getMessage());
        }
    }

    private void deleteAndWait(String stackId) {
        context.log("Deleting stack " + request.stackName() + " so that it can be created again");
        cloudFormation.deleteStack(r -> r.stackName(stackId));
        Stack stack = describe(stackId);
        while (stack.stackStatusAsString().endsWith("_IN_PROGRESS")) {
            pause("stack " + request.stackName() + " is still " + stack.stackStatusAsString());
            stack = describe(stackId);
        }
        if (stack.stackStatus() != StackStatus.DELETE_COMPLETE) {
            throw new StackFailure("Stack " + request.stackName() + " could not be deleted: " + stack.stackStatusAsString()
                    + (stack.stackStatusReason() == null ? "" : " (" + stack.stackStatusReason() + ")"));
        }
    }

    private String failureMessage(Stack stack) {
        return events.firstFailure()
                .or(() -> Optional.ofNullable(stack.stackStatusReason()))
                .orElse("Stack " + request.stackName() + " ended in " + stack.stackStatusAsString());
    }

    private Optional<Stack> findStack(String nameOrId) {
        try {
            return cloudFormation.describeStacks(r -> r.stackName(nameOrId)).stacks().stream().findFirst();
        } catch (CloudFormationException e) {
            if ("ValidationError".equals(errorCode(e)) && String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The stack by id; CloudFormation still describes deleted stacks by id, so a missing one counts as deleted. */
    private Stack describe(String stackId) {
        return findStack(stackId).orElseGet(() -> Stack.builder()
                .stackId(stackId).stackName(request.stackName()).stackStatus(StackStatus.DELETE_COMPLETE).build());
    }

    private void pause(String waitingFor) {
        if (System.currentTimeMillis() - startedAt > timeout.toMillis()) {
            throw new StackFailure("Timed out after " + timeout.toString().substring(2).toLowerCase() + " while " + waitingFor);
        }
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for CloudFormation; the next attempt continues from the checkpoint", e);
        }
    }

    private void save(StackCheckpoint next) {
        checkpoint = next;
        context.saveCheckpoint(next.toJson());
    }

    private List<Tag> tags() {
        return request.tags() == null ? List.of()
                : request.tags().entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /** Change set name and request token: one per deployment, so a retried call is not a second change. */
    private String token() {
        return "pave-" + request.deploymentId().replaceAll("[^A-Za-z0-9-]", "-");
    }

    private static boolean isThrottling(Throwable e) {
        return e instanceof AwsServiceException service && service.isThrottlingException();
    }

    private static String errorCode(CloudFormationException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    /** CloudFormation's own error message; for an answer that is not CloudFormation's XML (e.g. an HTML error page), its text. */
    static String message(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            AwsErrorDetails details = service.awsErrorDetails();
            if (details.errorMessage() != null) {
                return details.errorMessage();
            }
            String body = details.rawResponse() == null ? ""
                    : details.rawResponse().asUtf8String().replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
            if (!body.isEmpty()) {
                return "HTTP " + service.statusCode() + ": " + (body.length() > 500 ? body.substring(0, 500) + "…" : body);
            }
        }
        return e.getMessage();
    }
}
