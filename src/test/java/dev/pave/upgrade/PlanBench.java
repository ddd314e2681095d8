package dev.pave.upgrade;

import dev.pave.identity.Caller;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.testing.AwsCli;
import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.ServiceTestFixtures;
import dev.pave.testing.TestBundles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How long an upgrade plan takes over many instances: one CloudFormation service instance (a Jinja loop of queues) is
 * deployed for real on moto, then copied INSTANCES times with SQL (instance, last deployment and its files), a minor
 * version is published, and the plan to it is computed ROUNDS times: each instance checked, rendered at the target
 * and diffed.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "bench.plan", matches = "true", disabledReason = "a benchmark: bench/upgrade/run.sh runs it")
class PlanBench {

    static final int INSTANCES = Integer.getInteger("bench.instances", 10_000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    @TestHTTPResource("/")
    URL pave;

    @Inject
    UpgradePlans plans;

    @Inject
    TemplateService templates;

    @Inject
    EntityManager em;

    static final String SCHEMA = """
            schema:
              format:
                openapi: "3.0.0"
              service_input_type: "BenchInput"
              types:
                BenchInput:
                  type: object
                  properties:
                    queues:
                      type: number
                      default: 3
                    label:
                      type: string
                      default: bench
            """;
    static final String MANIFEST = """
            infrastructure:
              templates:
                - file: "cloudformation.yaml"
                  rendering_engine: jinja
                  template_language: cloudformation
            """;
    static final String INSTANCE = """
            Resources:
            {% for i in range(service_instance.inputs.queues) %}
              Queue{{ i }}:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: "{{ service.name }}-{{ service_instance.name }}-{{ i }}"
                  Tags:
                    - Key: label
                      Value: "{{ service_instance.inputs.label | upper }} in {{ environment.name }}"
            {% endfor %}
            """;

    @Test
    void measure() {
        AwsCli cli = new AwsCli(pave.toString(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        new EnvironmentTemplates(pave).cloudformation("bench-env-template", "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n", "1.0");
        cli.proton("create-environment", "--name", "bench-env", "--template-name", "bench-env-template", "--template-major-version", "1",
                "--spec", "proton: EnvironmentSpec\nspec:\n  vpc_name: bench\n", "--proton-service-role-arn", "arn:aws:iam::123456789012:role/pave").ok();
        ServiceTestFixtures.awaitJson(() -> cli.proton("get-environment", "--name", "bench-env").ok().json().path("environment"),
                e -> "SUCCEEDED".equals(e.path("deploymentStatus").asText()), "bench-env deployed");
        templates.createTemplate(Caller.system(), TemplateType.SERVICE, new TemplateService.NewTemplate("bench-hello", null, null, null, null), Map.of());
        version(null, INSTANCE);
        cli.proton("create-service", "--name", "bench-svc", "--template-name", "bench-hello", "--template-major-version", "1", "--spec",
                "proton: ServiceSpec\ninstances:\n  - name: dev\n    environment: bench-env\n    spec:\n      queues: 4\n").ok();
        ServiceTestFixtures.awaitJson(() -> cli.proton("get-service", "--name", "bench-svc").ok().json().path("service"),
                s -> "ACTIVE".equals(s.path("status").asText()), "bench-svc active");
        long t0 = System.nanoTime();
        QuarkusTransaction.requiringNew().run(() -> copies(INSTANCES - 1));
        System.out.printf("bench: %d CloudFormation instances of bench-svc in the database (%d copied with SQL in %.1f s)%n", INSTANCES,
                INSTANCES - 1, (System.nanoTime() - t0) / 1e9);
        version(1, INSTANCE.replace("      Tags:", "      VisibilityTimeout: 30\n      Tags:"));

        for (int round = 1; round <= ROUNDS; round++) {
            long start = System.nanoTime();
            UpgradePlans.Plan plan = plans.plan(Caller.system(), TemplateType.SERVICE, "bench-hello", null, null);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("bench: round %d: planned %d resources (%d change, %d no-op, %d blocked) in %.2f s, %.0f resources/s%n", round,
                    plan.items().size(), plan.changes(), plan.noOps(), plan.blocked(), seconds, plan.items().size() / seconds);
        }
    }

    /** Registers and publishes a version of bench-hello (a new major when {@code major} is null) with this instance template. */
    private void version(Integer major, String instance) {
        ServiceTestFixtures.publish(templates, TemplateType.SERVICE, "bench-hello", major, TestBundles.of(Map.of("schema/schema.yaml", SCHEMA,
                "instance_infrastructure/manifest.yaml", MANIFEST, "instance_infrastructure/cloudformation.yaml", instance)),
                List.of(new TemplateService.CompatibleEnvironment("bench-env-template", 1)), null);
    }

    /** Copies the deployed instance dev, its last deployment and that deployment's files {@code n} times. */
    private void copies(int n) {
        List<String> instanceColumns = columns("service_instance", "id", "name", "last_attempted_deployment_id", "last_succeeded_deployment_id");
        List<String> deploymentColumns = columns("deployment", "id", "service_instance_name", "target_arn");
        em.createNativeQuery("create temp table bench_copy on commit drop as select g, 'bench-' || g as name, gen_random_uuid()::text as deployment"
                + " from generate_series(1, ?1) g").setParameter(1, n).executeUpdate();
        em.createNativeQuery("insert into deployment (id, service_instance_name, target_arn, " + String.join(", ", deploymentColumns) + ")"
                + " select c.deployment, c.name, replace(d.target_arn, '/service-instance/dev', '/service-instance/' || c.name), "
                + prefixed("d", deploymentColumns) + " from bench_copy c, deployment d join service_instance i on i.last_succeeded_deployment_id = d.id"
                + " where i.service_name = 'bench-svc' and i.name = 'dev'").executeUpdate();
        em.createNativeQuery("insert into deployment_file (deployment_id, path, content) select c.deployment, f.path, f.content"
                + " from bench_copy c, deployment_file f join service_instance i on i.last_succeeded_deployment_id = f.deployment_id"
                + " where i.service_name = 'bench-svc' and i.name = 'dev'").executeUpdate();
        em.createNativeQuery("insert into service_instance (name, last_attempted_deployment_id, last_succeeded_deployment_id, "
                + String.join(", ", instanceColumns) + ") select c.name, c.deployment, c.deployment, " + prefixed("i", instanceColumns)
                + " from bench_copy c, service_instance i where i.service_name = 'bench-svc' and i.name = 'dev'").executeUpdate();
    }

    /** The table's columns but the given ones. */
    @SuppressWarnings("unchecked")
    private List<String> columns(String table, String... except) {
        List<String> all = em.createNativeQuery("select column_name from information_schema.columns where table_name = ?1 and table_schema = current_schema()"
                + " order by ordinal_position").setParameter(1, table).getResultList();
        return all.stream().filter(c -> !List.of(except).contains(c)).toList();
    }

    private static String prefixed(String alias, List<String> columns) {
        return String.join(", ", columns.stream().map(c -> alias + "." + c).toList());
    }
}
