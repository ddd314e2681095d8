package dev.pave.render;

import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pave.render.ProtonContext.ComponentRef;
import dev.pave.render.ProtonContext.EnvironmentRef;
import dev.pave.render.ProtonContext.InstanceRef;
import dev.pave.render.ProtonContext.ServiceRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * Real template bundles from aws-samples/aws-proton-cloudformation-sample-templates, rendered with inputs from
 * their schema defaults and checked byte for byte against jinja2.
 */
class SampleBundlesParityTest {

    static final Path SAMPLES = Path.of("src/test/resources/samples/aws-proton-cloudformation-sample-templates");
    private static final Pattern OUTPUT_REFERENCE = Pattern.compile("outputs\\.(\\w+)");

    private static final List<Jinja2Oracle.Case> CASES = new ArrayList<>();
    private static List<Jinja2Oracle.Result> expected;
    private static TemplateRenderer renderer;

    static {
        String environmentIac = read("environment-templates/fargate-env/v1/infrastructure/cloudformation.yaml");
        CASES.add(new Jinja2Oracle.Case("fargate environment", environmentIac, ProtonContext.environment(
                environment(Map.of(), schemaDefaults("environment-templates/fargate-env/v1/schema/schema.yaml",
                        "environment_input_type")))));

        String instanceIac = read("service-templates/load-balanced-fargate-svc/v1/instance_infrastructure/cloudformation.yaml");
        String instanceSchema = "service-templates/load-balanced-fargate-svc/v1/schema/schema.yaml";
        InstanceRef frontend = new InstanceRef("frontend-dev", schemaDefaults(instanceSchema, "service_input_type"),
                Map.of(), environment(outputsNamedIn(instanceIac), Map.of()));
        ComponentRef component = new ComponentRef("cache", outputs("BucketName", "my-bucket",
                "BucketPolicy", "arn:aws:iam::123456789012:policy/cache-bucket-access",
                "QueueUrl", "https://sqs.us-east-1.amazonaws.com/123456789012/jobs"));
        CASES.add(new Jinja2Oracle.Case("load-balanced fargate instance, no component", instanceIac,
                ProtonContext.serviceInstance(service(), frontend, null)));
        CASES.add(new Jinja2Oracle.Case("load-balanced fargate instance with a component", instanceIac,
                ProtonContext.serviceInstance(service(), frontend, component)));

        String pipelineIac = read("service-templates/backend-fargate-svc/v1/pipeline_infrastructure/cloudformation.yaml");
        String pipelineSchema = "service-templates/backend-fargate-svc/v1/schema/schema.yaml";
        Map<String, String> pipelineOutputs = outputsNamedIn(pipelineIac);
        List<InstanceRef> instances = List.of(
                new InstanceRef("backend-dev", schemaDefaults(pipelineSchema, "service_input_type"), pipelineOutputs,
                        environment(pipelineOutputs, Map.of())),
                new InstanceRef("backend-prod", schemaDefaults(pipelineSchema, "service_input_type"), pipelineOutputs,
                        new EnvironmentRef("prod", "210987654321", Map.of(), pipelineOutputs)));
        CASES.add(new Jinja2Oracle.Case("backend fargate pipeline over two instances", pipelineIac,
                ProtonContext.pipeline(service(), schemaDefaults(pipelineSchema, "pipeline_input_type"), instances)));

        String crudIac = read("lambda-multi-svc/service-crud/v1/instance_infrastructure/cloudformation.yaml");
        InstanceRef crud = new InstanceRef("crud-dev",
                schemaDefaults("lambda-multi-svc/service-crud/v1/schema/schema.yaml", "service_input_type"),
                Map.of(), environment(outputsNamedIn(crudIac), Map.of()));
        CASES.add(new Jinja2Oracle.Case("lambda crud instance", crudIac,
                ProtonContext.serviceInstance(new ServiceRef("crud", null, null, null), crud, null)));

        String componentIac = read("component-templates/s3-bucket-component/cloudformation.yaml");
        CASES.add(new Jinja2Oracle.Case("s3 bucket component, attached", componentIac,
                ProtonContext.attachedComponent(component, service(), frontend)));
        CASES.add(new Jinja2Oracle.Case("s3 bucket component, detached", componentIac,
                ProtonContext.detachedComponent(component, frontend.environment())));
    }

    /** All sample cases, for the benchmark. */
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
            assertNull(expected.get(i).error(), "the sample context should render in jinja2");
            expected.get(i).assertSameAs(renderer, CASES.get(i));
        }));
    }

    private static ServiceRef service() {
        return new ServiceRef("frontend", "main",
                "arn:aws:codestar-connections:us-east-1:123456789012:connection/0a1b2c3d", "acme/frontend");
    }

    private static EnvironmentRef environment(Map<String, String> outputs, Map<String, Object> inputs) {
        return new EnvironmentRef("fargate-env", "123456789012", inputs, outputs);
    }

    /** Every {@code outputs.X} the template reads, with a plausible value. */
    private static Map<String, String> outputsNamedIn(String template) {
        Map<String, String> outputs = new LinkedHashMap<>();
        Matcher reference = OUTPUT_REFERENCE.matcher(template);
        while (reference.find()) {
            outputs.put(reference.group(1), reference.group(1).toLowerCase() + "-0a1b2c3d");
        }
        return outputs;
    }

    private static Map<String, String> outputs(String... keysAndValues) {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            outputs.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return outputs;
    }

    /** The defaults of the schema's input type named by {@code typeKey}, with their YAML types. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> schemaDefaults(String schemaPath, String typeKey) {
        Map<String, Object> schema = (Map<String, Object>) new Yaml().<Map<String, Object>>load(read(schemaPath)).get("schema");
        Map<String, Object> type = (Map<String, Object>) ((Map<String, Object>) schema.get("types")).get(schema.get(typeKey));
        Map<String, Object> defaults = new LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) type.get("properties")).forEach((name, property) -> {
            if (property.containsKey("default")) {
                defaults.put(name, property.get("default"));
            }
        });
        return defaults;
    }

    static String read(String path) {
        try {
            return Files.readString(SAMPLES.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
