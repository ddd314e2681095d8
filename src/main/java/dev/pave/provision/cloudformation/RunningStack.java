package dev.pave.provision.cloudformation;

import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/**
 * A stack someone else deployed (AWS Proton, or plain CloudFormation), as Pave takes it over: its name, the role it is
 * updated with, the template it runs (what drift checks compare it with) and what it exposes.
 */
public record RunningStack(String name, String roleArn, String appliedTemplate, StackContents contents) {

    public static RunningStack read(CloudFormationClient cloudFormation, Stack stack) {
        String applied = cloudFormation.getTemplate(r -> r.stackName(stack.stackId()).templateStage(TemplateStage.ORIGINAL)).templateBody();
        return new RunningStack(stack.stackName(), stack.roleARN(), applied, StackContents.read(cloudFormation, stack));
    }
}
