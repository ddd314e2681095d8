package dev.pave.provision.cloudformation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CancelUpdateStackRequest;
import software.amazon.awssdk.services.cloudformation.model.CancelUpdateStackResponse;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.CreateStackRequest;
import software.amazon.awssdk.services.cloudformation.model.CreateStackResponse;
import software.amazon.awssdk.services.cloudformation.model.DeleteChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DeleteChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DeleteStackRequest;
import software.amazon.awssdk.services.cloudformation.model.DeleteStackResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.ExecuteChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.ExecuteChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesResponse;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * moto creates a stack or applies a change set at once and never emits failed events or supports CancelUpdateStack.
 * This client passes every call to moto but lets a test show the stack as still in progress, rolled back, or with
 * extra (failed) events, the way real CloudFormation reports a slow or failing operation; it also counts creates.
 */
final class SlowCloudFormation implements CloudFormationClient {

    private final CloudFormationClient moto;
    final AtomicInteger cancelUpdateCalls = new AtomicInteger();
    final AtomicInteger createStackCalls = new AtomicInteger();
    final AtomicInteger describeStacksCalls = new AtomicInteger();
    /** Rewrites the stack moto describes (e.g. to keep it UPDATE_IN_PROGRESS). */
    volatile UnaryOperator<Stack> stackView = UnaryOperator.identity();
    /** Events to show on top of moto's, oldest first. */
    final List<StackEvent> extraEvents = new ArrayList<>();

    SlowCloudFormation(CloudFormationClient moto) {
        this.moto = moto;
    }

    @Override
    public DescribeStacksResponse describeStacks(DescribeStacksRequest request) {
        describeStacksCalls.incrementAndGet();
        DescribeStacksResponse response = moto.describeStacks(request);
        return response.toBuilder().stacks(response.stacks().stream().map(stackView).toList()).build();
    }

    @Override
    public DescribeStackEventsResponse describeStackEvents(DescribeStackEventsRequest request) {
        List<StackEvent> newestFirst = new ArrayList<>(extraEvents);
        Collections.reverse(newestFirst);
        newestFirst.addAll(moto.describeStackEvents(request).stackEvents());
        return DescribeStackEventsResponse.builder().stackEvents(newestFirst).build();
    }

    @Override
    public CancelUpdateStackResponse cancelUpdateStack(CancelUpdateStackRequest request) {
        cancelUpdateCalls.incrementAndGet();
        return CancelUpdateStackResponse.builder().build();
    }

    @Override
    public CreateStackResponse createStack(CreateStackRequest request) {
        createStackCalls.incrementAndGet();
        return moto.createStack(request);
    }

    @Override
    public CreateChangeSetResponse createChangeSet(CreateChangeSetRequest request) {
        return moto.createChangeSet(request);
    }

    @Override
    public DescribeChangeSetResponse describeChangeSet(DescribeChangeSetRequest request) {
        return moto.describeChangeSet(request);
    }

    @Override
    public ExecuteChangeSetResponse executeChangeSet(ExecuteChangeSetRequest request) {
        return moto.executeChangeSet(request);
    }

    @Override
    public DeleteChangeSetResponse deleteChangeSet(DeleteChangeSetRequest request) {
        return moto.deleteChangeSet(request);
    }

    @Override
    public DeleteStackResponse deleteStack(DeleteStackRequest request) {
        return moto.deleteStack(request);
    }

    @Override
    public ListStackResourcesResponse listStackResources(ListStackResourcesRequest request) {
        return moto.listStackResources(request);
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // moto's client belongs to the test
    }
}
