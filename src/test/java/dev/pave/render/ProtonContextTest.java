package dev.pave.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pave.render.ProtonContext.ComponentRef;
import dev.pave.render.ProtonContext.EnvironmentRef;
import dev.pave.render.ProtonContext.InstanceRef;
import dev.pave.render.ProtonContext.ServiceRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtonContextTest {

    private final TemplateRenderer renderer = new TemplateRenderer();
    private final EnvironmentRef environment =
            new EnvironmentRef("dev", "123456789012", Map.of("size", 2), Map.of("VpcId", "vpc-1"));
    private final ServiceRef service = new ServiceRef("api", "main", "arn:aws:codestar-connections:x", "acme/api");
    private final InstanceRef instance =
            new InstanceRef("api-dev", Map.of("public", true), Map.of("Url", "https://x"), environment);

    private String render(String template, Map<String, Object> context) {
        return renderer.render("t", template, context);
    }

    @Test
    void environmentIacSeesNameAndInputsButNoOutputs() {
        Map<String, Object> context = ProtonContext.environment(environment);
        assertEquals("dev 2 123456789012 []", render(
                "{{ environment.name }} {{ environment.inputs.size }} {{ environment.account_id }} [{{ environment.outputs }}]",
                context));
    }

    @Test
    void serviceInstanceWithoutComponentHasAnEmptyDefaultComponent() {
        Map<String, Object> context = ProtonContext.serviceInstance(service, instance, null);
        assertEquals("{} True vpc-1 vpc-1 123456789012 main", render("{{ service_instance.components.default }} "
                + "{{ service_instance.inputs.public }} {{ environment.outputs.VpcId }} "
                + "{{ service_instance.environment.outputs.VpcId }} {{ service_instance.environment.account_id }} "
                + "{{ service.branch_name }}", context));
        assertEquals("", render("{{ service_instance.components.default.outputs | proton_cfn_iam_policy_arns }}", context));
        assertThrows(RenderException.class, () -> render("{{ service_instance.components.default.outputs.X }}", context));
    }

    @Test
    void serviceInstanceWithComponentSeesItsOutputs() {
        Map<String, Object> context = ProtonContext.serviceInstance(service, instance,
                new ComponentRef("cache", Map.of("Bucket", "b")));
        assertEquals("cache b", render("{{ service_instance.components.default.name }} "
                + "{{ service_instance.components.default.outputs.Bucket }}", context));
    }

    @Test
    void serviceWithoutPipelineHasOnlyItsName() {
        Map<String, Object> context = ProtonContext.serviceInstance(new ServiceRef("api", null, null, null), instance, null);
        assertEquals("{'name': 'api'}", render("{{ service }}", context));
    }

    @Test
    void pipelineListsServiceInstances() {
        Map<String, Object> context = ProtonContext.pipeline(service, Map.of("dockerfile", "Dockerfile"),
                List.of(instance, new InstanceRef("api-prod", Map.of(), Map.of("Url", "https://y"),
                        new EnvironmentRef("prod", "210987654321", Map.of(), Map.of()))));
        assertEquals("Dockerfile 1:api-dev@123456789012 2:api-prod@210987654321 https://x", render(
                "{{ pipeline.inputs.dockerfile }}{% for service_instance in service_instances %} {{ loop.index }}:"
                        + "{{ service_instance.name }}@{{ service_instance.environment.account_id }}{% endfor %} "
                        + "{{ service_instances[0].outputs.Url }}", context));
    }

    @Test
    void componentsSeeTheirEnvironmentAndAttachedInstance() {
        ComponentRef component = new ComponentRef("cache", Map.of());
        assertEquals("cache api api-dev True dev vpc-1", render("{{ component.name }} {{ service.name }} "
                + "{{ service_instance.name }} {{ service_instance.inputs.public }} {{ environment.name }} "
                + "{{ environment.outputs.VpcId }}", ProtonContext.attachedComponent(component, service, instance)));
        assertEquals("cache [] dev", render("{{ component.name }} [{{ service }}] {{ environment.name }}",
                ProtonContext.detachedComponent(component, environment)));
    }
}
