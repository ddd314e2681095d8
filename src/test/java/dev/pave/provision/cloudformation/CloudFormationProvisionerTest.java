package dev.pave.provision.cloudformation;

import static dev.pave.provision.ProvisionRequest.Action.DELETE;
import static dev.pave.provision.ProvisionRequest.Action.DEPLOY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.provision.ProvisionOutcome;
import dev.pave.provision.ProvisionOutcome.Cancelled;
import dev.pave.provision.ProvisionOutcome.Failed;
import dev.pave.provision.ProvisionOutcome.Succeeded;
import dev.pave.provision.ProvisionRequest;
import dev.pave.provision.ProvisionedResource;
import dev.pave.provision.RecordingContext;
import dev.pave.provision.Requests;
import dev.pave.testing.MotoServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ResourceStatus;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/** CloudFormationProvisioner against a real moto_server; where moto is synchronous, {@link SlowCloudFormation} plays the slow parts. */
class CloudFormationProvisionerTest {

    private static final Duration POLL = Duration.ofMillis(200);

    private static final String TOPIC = """
            Resources:
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  TopicName: %s
            Outputs:
              TopicArn:
                Value: !Ref Topic
            """;

    private static CloudFormationClient cloudFormation;

    @BeforeAll
    static void connect() {
        cloudFormation = CloudFormationClient.builder()
                .endpointOverride(URI.create(MotoServer.shared().endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    @AfterAll
    static void close() {
        if (cloudFormation != null) {
            cloudFormation.close();
        }
    }

    @Test
    void createsStackWithItsRealOutputsResourcesAndTags() {
        String stack = stackName();
        SlowCloudFormation counting = new SlowCloudFormation(cloudFormation);
        RecordingContext context = new RecordingContext(Requests.cloudFormation(DEPLOY, stack, topic(stack), Map.of("team", "blue")));

        Succeeded done = assertInstanceOf(Succeeded.class, provisioner(counting).run(context), context.logText());

        Stack created = describe(stack);
        assertEquals(Map.of("TopicArn", created.outputs().get(0).outputValue()), done.outputs(), "the stack's own outputs");
        assertTrue(done.outputs().get("TopicArn").endsWith(":" + stack + "-topic"), done.outputs().toString());
        assertEquals(List.of("Topic"), done.resources().stream().map(ProvisionedResource::name).toList());
        assertEquals("CLOUDFORMATION", done.resources().get(0).provisioningEngine());
        assertTrue(done.resources().get(0).identifier().endsWith(":" + stack + "-topic"), done.resources().toString());
        assertEquals(StackStatus.CREATE_COMPLETE, created.stackStatus());
        assertEquals("blue", created.tags().get(0).value());
        assertEquals(1, counting.createStackCalls.get());
        assertEquals(List.of(), changeSets(stack), "a new stack is created without a change set");
        assertEquals(List.of("EXECUTING"), phases(context), "the checkpoint is saved before the wait");
        assertTrue(context.savedCheckpoints().get(0).path("create").asBoolean(), "a failed create is to be deleted");
        assertTrue(context.logLines().contains(stack + " CREATE_COMPLETE"), context.logText());
    }

    @Test
    void updatesThroughOneChangeSetAndLogsOnlyTheNewEvents() {
        String stack = stackName();
        deploy(stack, topic(stack));
        RecordingContext update = new RecordingContext(Requests.cloudFormation(DEPLOY, stack, topicAndQueue(stack), Map.of()));

        Succeeded done = assertInstanceOf(Succeeded.class, provisioner().run(update), update.logText());

        assertEquals(List.of("Queue", "Topic"), resourceNames(done));
        assertEquals(StackStatus.UPDATE_COMPLETE, describe(stack).stackStatus());
        assertEquals(List.of(id(update)), changeSets(stack), "exactly one change set, the update's");
        List<String> events = update.logLines().stream().filter(l -> l.startsWith(stack + " ")).toList();
        assertEquals(List.of(stack + " UPDATE_IN_PROGRESS", stack + " UPDATE_COMPLETE"), events, "each new event once, nothing from the create");
    }

    @Test
    void unchangedTemplateSucceedsWithCurrentOutputs() {
        String stack = stackName();
        cloudFormation.createStack(r -> r.stackName(stack).templateBody(topic(stack)));
        Map<String, String> outputs = Map.of("TopicArn", describe(stack).outputs().get(0).outputValue());
        RecordingContext again = new RecordingContext(Requests.cloudFormation(DEPLOY, stack, topic(stack), Map.of()));

        Succeeded done = assertInstanceOf(Succeeded.class, provisioner().run(again), again.logText());

        assertEquals(outputs, done.outputs());
        assertEquals(List.of(new ProvisionedResource("Topic", outputs.get("TopicArn"), "CLOUDFORMATION")), done.resources());
        assertTrue(again.logText().contains("already up to date"), again.logText());
        assertEquals(StackStatus.CREATE_COMPLETE, describe(stack).stackStatus());
    }

    @Test
    void rejectedPropertyFailsWithMotosMessageAndLeavesNoStackBehind() {
        String stack = stackName();
        String badVpc = """
                Resources:
                  Vpc:
                    Type: AWS::EC2::VPC
                    Properties:
                      CidrBlock: not-a-cidr
                """;
        RecordingContext context = new RecordingContext(Requests.cloudFormation(DEPLOY, stack, badVpc, Map.of()));

        Failed failed = assertInstanceOf(Failed.class, provisioner().run(context));

        assertTrue(failed.message().contains("Value (not-a-cidr) for parameter cidrBlock is invalid"), failed.message());
        assertFalse(exists(stack), "the failed create is deleted so the next deployment can create the stack");
        assertInstanceOf(Succeeded.class, provisioner().run(new RecordingContext(Requests.cloudFormation(DEPLOY, stack, topic(stack), Map.of()))));
    }

    @Test
    void cidrFunctionMotoLacksEndsAsFailedWithMotosMessage() {
        String stack = stackName();
        String subnets = """
                Resources:
                  Vpc:
                    Type: AWS::EC2::VPC
                    Properties:
                      CidrBlock: 10.0.0.0/16
                  Subnet:
                    Type: AWS::EC2::Subnet
                    Properties:
                      VpcId: !Ref Vpc
                      CidrBlock: !Select [0, !Cidr [10.0.0.0/16, 4, 8]]
                """;
        RecordingContext context = new RecordingContext(Requests.cloudFormation(DEPLOY, stack, subnets, Map.of()));
        Instant start = Instant.now();

        Failed failed = assertInstanceOf(Failed.class, provisioner().run(context));

        // moto answers CreateStack with an HTML 500 page and keeps the half-made stack CREATE_IN_PROGRESS for good;
        // the deployment ends Failed with moto's own words, promptly, and deletes that stack
        assertTrue(failed.message().contains(MOTO_CIDR_MESSAGE), failed.message());
        assertTrue(Duration.between(start, Instant.now()).compareTo(Duration.ofSeconds(30)) < 0, "fails promptly, never hangs");
        assertFalse(exists(stack), "no stack is left behind to make the next create fail with 'already exists'");
        RecordingContext next = new RecordingContext(Requests.cloudFormation(DEPLOY, stack, topic(stack), Map.of()));
        assertInstanceOf(Succeeded.class, provisioner().run(next), next.logText());
    }

    @Test
    void deletesStackAndTreatsMissingStackAsDeleted() {
        String stack = stackName();
        deploy(stack, topic(stack));
        RecordingContext delete = new RecordingContext(Requests.cloudFormation(DELETE, stack, topic(stack), Map.of()));

        assertInstanceOf(Succeeded.class, provisioner().run(delete), delete.logText());

        assertFalse(exists(stack));
        assertTrue(delete.logLines().contains(stack + " DELETE_COMPLETE"), delete.logText());
        assertEquals(List.of("DELETING"), phases(delete));
        RecordingContext again = new RecordingContext(Requests.cloudFormation(DELETE, stack, topic(stack), Map.of()));
        assertInstanceOf(Succeeded.class, provisioner().run(again));
        assertTrue(again.logText().contains("does not exist"), again.logText());
    }

    @Test
    void resumedAttemptAfterACrashRightAfterCreateStackAdoptsTheStackInsteadOfCreatingAnother() {
        String stack = stackName();
        SlowCloudFormation slow = new SlowCloudFormation(cloudFormation);
        RecordingContext first = CrashingContext.before(Requests.cloudFormation(DEPLOY, stack, topic(stack), Map.of()), "EXECUTING");
        assertThrows(CrashingContext.Crash.class, () -> provisioner(slow).run(first));
        assertEquals(List.of(), first.savedCheckpoints(), "the crash came before the checkpoint");
        AtomicInteger looks = new AtomicInteger();
        slow.stackView = s -> looks.getAndIncrement() == 0 ? withStatus(s, StackStatus.CREATE_IN_PROGRESS) : s; // still being created

        RecordingContext second = first.resumed();
        Succeeded done = assertInstanceOf(Succeeded.class, provisioner(slow).run(second), second.logText());

        assertEquals(1, slow.createStackCalls.get(), "no second CreateStack");
        assertEquals(Map.of("TopicArn", describe(stack).outputs().get(0).outputValue()), done.outputs());
        assertEquals(List.of("EXECUTING"), phases(second));
        assertTrue(second.savedCheckpoints().get(0).path("create").asBoolean(), "the adopted stack is a create");
        assertFalse(second.logText().contains("Creating stack"), second.logText());
    }

    @Test
    void resumedAttemptOfACreateOnlyWatchesTheStack() {
        String stack = stackName();
        SlowCloudFormation slow = new SlowCloudFormation(cloudFormation);
        RecordingContext first = new CrashingContext(Requests.cloudFormation(DEPLOY, stack, topic(stack), Map.of()), "EXECUTING");
        assertThrows(CrashingContext.Crash.class, () -> provisioner(slow).run(first));

        RecordingContext second = first.resumed();
        Succeeded done = assertInstanceOf(Succeeded.class, provisioner(slow).run(second), second.logText());

        assertEquals(1, slow.createStackCalls.get(), "no second CreateStack");
        assertEquals(List.of("TopicArn"), List.copyOf(done.outputs().keySet()));
        assertTrue(second.logText().contains("Continuing CloudFormation stack " + stack + " from EXECUTING"), second.logText());
    }

    @Test
    void stackLeftInReviewByACreateChangeSetIsCreatedAnew() {
        String stack = stackName();
        cloudFormation.createChangeSet(r -> r.stackName(stack).changeSetName("left-over").changeSetType("CREATE").templateBody(topic(stack)));
        assertEquals(StackStatus.REVIEW_IN_PROGRESS, describe(stack).stackStatus());
        RecordingContext context = new RecordingContext(Requests.cloudFormation(DEPLOY, stack, topic(stack), Map.of()));

        Succeeded done = assertInstanceOf(Succeeded.class, provisioner().run(context), context.logText());

        assertEquals(StackStatus.CREATE_COMPLETE, describe(stack).stackStatus());
        assertEquals(List.of("TopicArn"), List.copyOf(done.outputs().keySet()), "created with CreateStack, so moto computed the outputs");
    }

    @Test
    void resumedAttemptContinuesTheSavedUpdateChangeSetInsteadOfCreatingAnother() {
        String stack = stackName();
        deploy(stack, topic(stack));
        RecordingContext first = new CrashingContext(Requests.cloudFormation(DEPLOY, stack, topicAndQueue(stack), Map.of()), "CHANGE_SET");
        assertThrows(CrashingContext.Crash.class, () -> provisioner().run(first));
        assertEquals(StackStatus.CREATE_COMPLETE, describe(stack).stackStatus(), "the crash came before execution");

        RecordingContext second = first.resumed();
        Succeeded done = assertInstanceOf(Succeeded.class, provisioner().run(second), second.logText());

        assertEquals(List.of("Queue", "Topic"), resourceNames(done));
        assertEquals(StackStatus.UPDATE_COMPLETE, describe(stack).stackStatus());
        assertEquals(List.of(id(first)), changeSets(stack), "one change set only");
        assertTrue(second.logText().contains("Continuing CloudFormation stack " + stack + " from CHANGE_SET"), second.logText());
    }

    @Test
    void resumedAttemptAfterExecutionOnlyWatchesTheStack() {
        String stack = stackName();
        deploy(stack, topic(stack));
        RecordingContext first = new CrashingContext(Requests.cloudFormation(DEPLOY, stack, topicAndQueue(stack), Map.of()), "EXECUTING");
        assertThrows(CrashingContext.Crash.class, () -> provisioner().run(first));

        RecordingContext second = first.resumed();
        Succeeded done = assertInstanceOf(Succeeded.class, provisioner().run(second), second.logText());

        assertEquals(List.of("Queue", "Topic"), resourceNames(done));
        assertEquals(List.of(id(first)), changeSets(stack), "no second change set for the update");
        assertFalse(second.logText().contains("through change set"), second.logText());
    }

    @Test
    void cancelBeforeExecutionDiscardsTheChangeSetAndKeepsTheStack() {
        String stack = stackName();
        deploy(stack, topic(stack));
        RecordingContext update = new RecordingContext(Requests.cloudFormation(DEPLOY, stack, topicAndQueue(stack), Map.of()));
        update.cancelWhenLogged(line -> line.startsWith("Updating stack"));

        assertInstanceOf(Cancelled.class, provisioner().run(update), update.logText());

        assertEquals(StackStatus.CREATE_COMPLETE, describe(stack).stackStatus());
        assertEquals(List.of("Topic"), cloudFormation.listStackResources(r -> r.stackName(stack)).stackResourceSummaries().stream()
                .map(s -> s.logicalResourceId()).toList());
        assertFalse(changeSets(stack).contains(id(update)), "the update's change set is deleted");
    }

    @Test
    void cancelWhileCreatingDeletesTheNewStack() {
        String stack = stackName();
        SlowCloudFormation slow = new SlowCloudFormation(cloudFormation);
        slow.stackView = s -> s.stackStatus() == StackStatus.CREATE_COMPLETE ? withStatus(s, StackStatus.CREATE_IN_PROGRESS) : s;
        RecordingContext create = new RecordingContext(Requests.cloudFormation(DEPLOY, stack, topic(stack), Map.of()));
        create.cancelWhenLogged(line -> line.startsWith("Creating stack"));

        Cancelled cancelled = assertInstanceOf(Cancelled.class, provisioner(slow).run(create), create.logText());

        assertFalse(exists(stack));
        assertTrue(cancelled.message().contains("DELETE_COMPLETE"), cancelled.message());
        assertTrue(create.logText().contains("Cancelling: deleting stack " + stack), create.logText());
    }

    @Test
    void cancelDuringUpdateCallsCancelUpdateStackAndWaitsForTheRollback() {
        String stack = stackName();
        deploy(stack, topic(stack));
        SlowCloudFormation slow = new SlowCloudFormation(cloudFormation);
        slow.stackView = s -> s.stackStatus() != StackStatus.UPDATE_COMPLETE ? s
                : slow.cancelUpdateCalls.get() == 0 ? withStatus(s, StackStatus.UPDATE_IN_PROGRESS)
                : withStatus(s, slow.describeStacksCalls.get() % 2 == 0 ? StackStatus.UPDATE_ROLLBACK_IN_PROGRESS : StackStatus.UPDATE_ROLLBACK_COMPLETE);
        RecordingContext update = new RecordingContext(Requests.cloudFormation(DEPLOY, stack, topicAndQueue(stack), Map.of()));
        update.cancelWhenLogged(line -> line.equals(stack + " UPDATE_IN_PROGRESS"));

        Cancelled cancelled = assertInstanceOf(Cancelled.class, provisioner(slow).run(update), update.logText());

        assertEquals(1, slow.cancelUpdateCalls.get());
        assertTrue(cancelled.message().contains("UPDATE_ROLLBACK_COMPLETE"), cancelled.message());
        assertTrue(update.logText().contains("Cancelling: rolling back the update"), update.logText());
    }

    @Test
    void failureReportsTheFirstFailedEventAndDeletesTheRolledBackStack() {
        String stack = stackName();
        SlowCloudFormation slow = new SlowCloudFormation(cloudFormation);
        slow.stackView = s -> s.stackStatus() == StackStatus.CREATE_COMPLETE
                ? s.toBuilder().stackStatus(StackStatus.ROLLBACK_COMPLETE).stackStatusReason("The following resource(s) failed to create: [Vpc, Subnet]").build()
                : s;
        slow.extraEvents.addAll(List.of(
                event("Vpc", ResourceStatus.CREATE_FAILED, "Resource handler returned message: \"The CIDR 'x' is invalid.\""),
                event("Subnet", ResourceStatus.CREATE_FAILED, "Resource creation cancelled"),
                event(stack, ResourceStatus.ROLLBACK_COMPLETE, null)));
        RecordingContext create = new RecordingContext(Requests.cloudFormation(DEPLOY, stack, topic(stack), Map.of()));

        Failed failed = assertInstanceOf(Failed.class, provisioner(slow).run(create));

        assertEquals("Vpc CREATE_FAILED: Resource handler returned message: \"The CIDR 'x' is invalid.\"", failed.message());
        assertFalse(exists(stack), "ROLLBACK_COMPLETE is deleted so the next attempt can create the stack");
        List<String> failedLines = create.logLines().stream().filter(l -> l.contains("_FAILED")).toList();
        assertEquals(2, failedLines.size(), "each event logged once: " + create.logText());
    }

    @Test
    void stackThatNeverSettlesFailsAtTheTimeLimit() {
        String stack = stackName();
        SlowCloudFormation slow = new SlowCloudFormation(cloudFormation);
        slow.stackView = s -> s.stackStatus() == StackStatus.CREATE_COMPLETE ? withStatus(s, StackStatus.CREATE_IN_PROGRESS) : s;
        RecordingContext create = new RecordingContext(Requests.cloudFormation(DEPLOY, stack, topic(stack), Map.of()));

        Failed failed = assertInstanceOf(Failed.class, new CloudFormationProvisioner(slow, Duration.ofMillis(100), Duration.ofSeconds(1)).run(create));

        assertTrue(failed.message().startsWith("Timed out after 1s while stack " + stack + " is still CREATE_IN_PROGRESS"), failed.message());
    }

    /** What moto_server answers when a template uses Fn::Cidr, which it does not implement. */
    private static final String MOTO_CIDR_MESSAGE = "HTTP 500: 500 Internal Server Error Internal Server Error The server encountered an internal error";

    private static final class CrashingContext extends RecordingContext {

        static final class Crash extends RuntimeException {
        }

        private final String crashAt;
        private final boolean saveFirst;

        /** Crashes right after saving the first checkpoint of the given phase. */
        CrashingContext(ProvisionRequest request, String crashAfter) {
            this(request, crashAfter, true);
        }

        private CrashingContext(ProvisionRequest request, String crashAt, boolean saveFirst) {
            super(request);
            this.crashAt = crashAt;
            this.saveFirst = saveFirst;
        }

        /** Crashes when about to save the first checkpoint of the given phase, which is then never saved. */
        static CrashingContext before(ProvisionRequest request, String phase) {
            return new CrashingContext(request, phase, false);
        }

        @Override
        public void saveCheckpoint(ObjectNode next) {
            boolean crash = next.path("phase").asText().equals(crashAt);
            if (saveFirst || !crash) {
                super.saveCheckpoint(next);
            }
            if (crash) {
                throw new Crash();
            }
        }
    }

    private static CloudFormationProvisioner provisioner() {
        return provisioner(cloudFormation);
    }

    private static CloudFormationProvisioner provisioner(CloudFormationClient client) {
        return new CloudFormationProvisioner(client, POLL, Duration.ofSeconds(30));
    }

    private static Succeeded deploy(String stack, String template) {
        RecordingContext context = new RecordingContext(Requests.cloudFormation(DEPLOY, stack, template, Map.of()));
        ProvisionOutcome outcome = provisioner().run(context);
        return assertInstanceOf(Succeeded.class, outcome, context.logText());
    }

    private static String stackName() {
        return "pave-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String topic(String stack) {
        return TOPIC.formatted(stack + "-topic");
    }

    private static String topicAndQueue(String stack) {
        return topic(stack).replace("Outputs:", """
                  Queue:
                    Type: AWS::SQS::Queue
                Outputs:
                  QueueUrl:
                    Value: !Ref Queue""");
    }

    private static Stack describe(String stack) {
        return cloudFormation.describeStacks(r -> r.stackName(stack)).stacks().get(0);
    }

    private static boolean exists(String stack) {
        return cloudFormation.listStacks().stackSummaries().stream()
                .anyMatch(s -> s.stackName().equals(stack) && s.stackStatus() != StackStatus.DELETE_COMPLETE);
    }

    private static List<String> resourceNames(Succeeded done) {
        return done.resources().stream().map(ProvisionedResource::name).sorted().toList();
    }

    /** The stack's change sets, by the deployment that made each. */
    private static List<String> changeSets(String stack) {
        return cloudFormation.listChangeSets(r -> r.stackName(stack)).summaries().stream()
                .filter(s -> s.stackName().equals(stack))
                .map(s -> s.changeSetName().substring("pave-".length()))
                .toList();
    }

    private static String id(RecordingContext context) {
        return context.request().deploymentId();
    }

    private static List<String> phases(RecordingContext context) {
        return context.savedCheckpoints().stream().map(c -> c.path("phase").asText()).distinct().toList();
    }

    private static Stack withStatus(Stack stack, StackStatus status) {
        return stack.toBuilder().stackStatus(status).build();
    }

    private static StackEvent event(String logicalId, ResourceStatus status, String reason) {
        return StackEvent.builder().eventId(UUID.randomUUID().toString()).logicalResourceId(logicalId)
                .resourceStatus(status).resourceStatusReason(reason).timestamp(Instant.now()).build();
    }
}
