package dev.pave.drift;

import dev.pave.aws.AssumedRoles;
import dev.pave.render.UnifiedDiff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackDriftDetectionStatus;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDrift;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDriftStatus;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/**
 * CloudFormation's side of drift: the stack's template body and parameters against what Pave last applied (any
 * CloudFormation, moto too), and the stack's resources against that template with DetectStackDrift where the cloud
 * offers it.
 */
@ApplicationScoped
public class CloudFormationDrift {

    /** What a check found: drift (with its summary and evidence), none, or that it could not tell (and why). */
    public record Result(boolean drifted, boolean checked, String summary, String evidence) {

        static Result clean() {
            return new Result(false, true, null, null);
        }

        static Result drifted(String summary, String evidence) {
            return new Result(true, true, summary, evidence);
        }

        static Result unknown(String why) {
            return new Result(false, false, why, null);
        }
    }

    static final Duration DETECTION_WAIT = Duration.ofSeconds(120);

    @Inject
    CloudFormationClient ownAccount;

    @Inject
    AssumedRoles otherAccounts;

    /**
     * The stack's template and parameters against the template Pave applied and the parameter values it passed.
     * {@code accountRole}: the role that reaches the stack's account (its deployment's), null for Pave's own.
     */
    public Result template(String accountRole, String stackName, String applied, Map<String, String> passed) {
        CloudFormationClient cloudFormation = client(accountRole);
        String current;
        List<Parameter> parameters;
        try {
            current = cloudFormation.getTemplate(b -> b.stackName(stackName).templateStage(TemplateStage.ORIGINAL)).templateBody();
            parameters = cloudFormation.describeStacks(b -> b.stackName(stackName)).stacks().stream().findFirst()
                    .map(s -> s.parameters()).orElse(List.of());
        } catch (CloudFormationException e) {
            if (e.statusCode() == 400 && String.valueOf(e.getMessage()).contains("does not exist")) {
                return Result.drifted("The stack " + stackName + " no longer exists", "GetTemplate: " + e.awsErrorDetails().errorMessage());
            }
            return Result.unknown("CloudFormation could not be asked: " + e.awsErrorDetails().errorMessage());
        } catch (SdkException e) {
            return Result.unknown("CloudFormation could not be asked: " + e.getMessage());
        }
        StringBuilder evidence = new StringBuilder();
        if (!normalized(current).equals(normalized(applied))) {
            evidence.append(unifiedDiff(applied, current));
        }
        // a parameter Pave did not pass runs on its default; one set otherwise, or to another value, was set outside Pave
        for (Parameter p : parameters) {
            String key = p.parameterKey();
            if (passed.containsKey(key) ? !passed.get(key).equals(p.parameterValue()) : !applied.contains(key)) {
                evidence.append("Parameter ").append(key).append(" = ").append(p.parameterValue()).append(passed.containsKey(key)
                        ? ": Pave passed " + passed.get(key) : ": not in the template Pave applied").append('\n');
            }
        }
        if (evidence.isEmpty()) {
            return Result.clean();
        }
        return Result.drifted("The stack " + stackName + "'s template differs from what Pave applied", evidence.toString());
    }

    /** CloudFormation's resource drift detection, waited for; unknown where the endpoint lacks it (moto). */
    public Result resources(String accountRole, String stackName) {
        CloudFormationClient cloudFormation = client(accountRole);
        try {
            String detection = cloudFormation.detectStackDrift(b -> b.stackName(stackName)).stackDriftDetectionId();
            Instant deadline = Instant.now().plus(DETECTION_WAIT);
            StackDriftDetectionStatus status;
            do {
                sleep();
                status = cloudFormation.describeStackDriftDetectionStatus(b -> b.stackDriftDetectionId(detection)).detectionStatus();
            } while (status == StackDriftDetectionStatus.DETECTION_IN_PROGRESS && Instant.now().isBefore(deadline));
            if (status != StackDriftDetectionStatus.DETECTION_COMPLETE) {
                return Result.unknown("CloudFormation's drift detection ended " + status);
            }
            List<StackResourceDrift> drifts = cloudFormation.describeStackResourceDrifts(b -> b.stackName(stackName)
                    .stackResourceDriftStatusFilters(StackResourceDriftStatus.MODIFIED, StackResourceDriftStatus.DELETED)).stackResourceDrifts();
            if (drifts.isEmpty()) {
                return Result.clean();
            }
            StringBuilder evidence = new StringBuilder();
            for (StackResourceDrift d : drifts) {
                evidence.append(d.logicalResourceId()).append(" (").append(d.resourceType()).append("): ").append(d.stackResourceDriftStatus()).append('\n');
                d.propertyDifferences().forEach(p -> evidence.append("  ").append(p.propertyPath()).append(": expected ")
                        .append(p.expectedValue()).append(", actual ").append(p.actualValue()).append(" (").append(p.differenceType()).append(")\n"));
            }
            return Result.drifted(drifts.size() + " resource(s) of stack " + stackName + " drifted", evidence.toString());
        } catch (SdkException e) {
            return Result.unknown("CloudFormation's resource drift detection is not available here: " + e.getMessage());
        }
    }

    private CloudFormationClient client(String accountRole) {
        return accountRole == null ? ownAccount : otherAccounts.cloudFormation(accountRole);
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for drift detection", e);
        }
    }

    private static String normalized(String text) {
        return text == null ? "" : text.strip().replaceAll("[ \t]+\r?\n", "\n").replace("\r\n", "\n");
    }

    /** The lines Pave applied against the stack's, as a unified diff ("-" Pave's, "+" the stack's). */
    static String unifiedDiff(String applied, String current) {
        return UnifiedDiff.of(normalized(applied), normalized(current), "applied by Pave", "the stack now");
    }
}
