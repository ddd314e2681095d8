package dev.pave.render;

import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pave.render.ProtonContext.EnvironmentRef;
import dev.pave.render.ProtonContext.InstanceRef;
import dev.pave.render.ProtonContext.ServiceRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The walkthrough's bundles (shared/seeds/001: the shared ECS environment, the Fargate service instance and its
 * pipeline with a stage per instance) rendered by Pave and by jinja2, byte for byte, with the walkthrough's specs.
 */
class WalkthroughParityTest {

    private static final List<Jinja2Oracle.Case> CASES = new ArrayList<>();
    private static List<Jinja2Oracle.Result> expected;
    private static TemplateRenderer renderer;

    static {
        Map<String, Object> dev = inputs("vpc_cidr", "10.10.0.0/16", "container_insights", false, "log_retention_days", 7, "nat_gateway_count", 1);
        Map<String, Object> prod = inputs("vpc_cidr", "10.20.0.0/16", "container_insights", true, "log_retention_days", 90, "nat_gateway_count", 2);
        String environment = read("ecs-shared-env/infrastructure/cloudformation.yaml");
        CASES.add(new Jinja2Oracle.Case("environment dev", environment, ProtonContext.environment(new EnvironmentRef("dev", "123456789012", dev, Map.of()))));
        CASES.add(new Jinja2Oracle.Case("environment prod", environment, ProtonContext.environment(new EnvironmentRef("prod", "123456789012", prod, Map.of()))));

        Map<String, String> devOutputs = outputs("dev");
        Map<String, String> prodOutputs = outputs("prod");
        ServiceRef service = new ServiceRef("payment-api", "main", "arn:aws:codestar-connections:us-east-1:123456789012:connection/abc123", "myorg/payment-api");
        InstanceRef devInstance = new InstanceRef("dev", inputs("task_cpu", 256, "task_memory", 512, "desired_count", 1, "container_port", 8080,
                "health_check_path", "/health"), Map.of(), new EnvironmentRef("dev", "123456789012", Map.of(), devOutputs));
        InstanceRef prodInstance = new InstanceRef("prod", inputs("task_cpu", 512, "task_memory", 1024, "desired_count", 2, "container_port", 8080,
                "health_check_path", "/health"), Map.of(), new EnvironmentRef("prod", "123456789012", Map.of(), prodOutputs));
        String instance = read("ecs-fargate-service/instance_infrastructure/cloudformation.yaml");
        CASES.add(new Jinja2Oracle.Case("instance dev", instance, ProtonContext.serviceInstance(service, devInstance, null)));
        CASES.add(new Jinja2Oracle.Case("instance prod", instance, ProtonContext.serviceInstance(service, prodInstance, null)));

        String pipeline = read("ecs-fargate-service/pipeline_infrastructure/cloudformation.yaml");
        Map<String, Object> pipelineInputs = inputs("source_repo", "myorg/payment-api", "source_branch", "main", "buildspec_path", "buildspec.yml");
        CASES.add(new Jinja2Oracle.Case("pipeline with one instance", pipeline, ProtonContext.pipeline(service, pipelineInputs, List.of(devInstance))));
        CASES.add(new Jinja2Oracle.Case("pipeline with two instances", pipeline,
                ProtonContext.pipeline(service, pipelineInputs, List.of(devInstance, prodInstance))));
    }

    /** The cases, for the benchmark. */
    static List<Jinja2Oracle.Case> cases() {
        return List.copyOf(CASES);
    }

    @BeforeAll
    static void renderWithJinja2() {
        expected = Jinja2Oracle.render(CASES);
        renderer = new TemplateRenderer();
    }

    @TestFactory
    Stream<DynamicTest> rendersLikeJinja2() {
        return IntStream.range(0, CASES.size()).mapToObj(i -> DynamicTest.dynamicTest(CASES.get(i).name(), () -> {
            assertNull(expected.get(i).error(), "the walkthrough's context should render in jinja2");
            expected.get(i).assertSameAs(renderer, CASES.get(i));
        }));
    }

    private static Map<String, String> outputs(String env) {
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("VpcId", "vpc-" + env);
        outputs.put("PrivateSubnetIds", "subnet-" + env + "-a,subnet-" + env + "-b");
        outputs.put("ECSClusterArn", "arn:aws:ecs:us-east-1:123456789012:cluster/" + env + "-cluster");
        outputs.put("TaskExecutionRoleArn", "arn:aws:iam::123456789012:role/" + env + "-exec");
        outputs.put("SharedLogGroupName", "/proton/" + env + "/services");
        return outputs;
    }

    private static Map<String, Object> inputs(Object... keysAndValues) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            inputs.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return inputs;
    }

    private static String read(String path) {
        try {
            Path root = Path.of(WalkthroughParityTest.class.getClassLoader().getResource("bundles/seed").toURI());
            return Files.readString(root.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
