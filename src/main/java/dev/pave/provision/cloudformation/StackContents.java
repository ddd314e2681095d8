package dev.pave.provision.cloudformation;

import dev.pave.provision.ProvisionedResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/** What a settled stack exposes: its outputs, and the resources it made (those with a physical id). */
public record StackContents(Map<String, String> outputs, List<ProvisionedResource> resources) {

    public static StackContents read(CloudFormationClient cloudFormation, Stack stack) {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Output output : stack.outputs()) {
            outputs.put(output.outputKey(), Objects.toString(output.outputValue(), ""));
        }
        List<ProvisionedResource> resources = cloudFormation.listStackResourcesPaginator(r -> r.stackName(stack.stackId()))
                .stackResourceSummaries().stream()
                .filter(s -> s.physicalResourceId() != null)
                .map(s -> new ProvisionedResource(s.logicalResourceId(), s.physicalResourceId(), "CLOUDFORMATION"))
                .toList();
        return new StackContents(outputs, resources);
    }
}
