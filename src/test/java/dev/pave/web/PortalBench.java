package dev.pave.web;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Page timings with a big registry: 1,000 environment templates (3 versions each), 5,000 environments, 20,000
 * deployments and 10,000 service instances of 1,000 services inserted with SQL, then each page requested by a
 * signed-in user. Prints p50/p95 of the time to a full
 * response on localhost (server time plus a loopback round trip); asserts nothing about timings. Run by
 * bench/portal/run.sh (which sets bench.rounds), never by an ordinary test run: its 5,000 environments would fill the quota.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "bench.rounds", matches = "\\d+", disabledReason = "a benchmark: bench/portal/run.sh runs it")
class PortalBench {

    static final int TEMPLATES = 1000;
    static final int ENVIRONMENTS = 5000;
    static final int DEPLOYMENTS_PER_ENVIRONMENT = 4;
    static final int SERVICES = 1000;
    static final int INSTANCES = 10000;
    static final int WARM_UP = 300;
    static final int ROUNDS = Integer.getInteger("bench.rounds", 300);

    @Inject
    EntityManager em;

    @Test
    void pages() {
        long start = System.nanoTime();
        QuarkusTransaction.requiringNew().run(this::insert);
        System.out.printf("bench: inserted %d templates, %d environments, %d deployments, %d instances in %.1f s%n", TEMPLATES, ENVIRONMENTS,
                ENVIRONMENTS * DEPLOYMENTS_PER_ENVIRONMENT, INSTANCES, (System.nanoTime() - start) / 1e9);

        WebUser admin = WebUser.admin();
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("catalog", "/");
        pages.put("catalog search", "/?text=bench-tpl-05");
        pages.put("template page", "/templates/environment/bench-tpl-0500");
        pages.put("environments list", "/environments");
        pages.put("environments list page 50", "/environments?page=50");
        pages.put("environment page", "/environments/bench-env-02500");
        pages.put("deployments list", "/deployments");
        pages.put("deployments by environment", "/deployments?environment=bench-env-02500");
        pages.put("create: choose template", "/environments/new");
        pages.put("instance list", "/instances");
        pages.put("instance list page 100", "/instances?page=100");
        pages.put("instances by text", "/instances?text=inst-0123");
        pages.put("instances by environment", "/instances?environment=bench-env-02500");
        pages.put("instances by template p50", "/instances?template=bench-svc-tpl&page=50");
        pages.put("instances FAILED", "/instances?status=FAILED");
        pages.put("instance page", "/services/bench-svc-0500/instances/inst-00499");
        for (Map.Entry<String, String> page : pages.entrySet()) {
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < WARM_UP + ROUNDS; i++) {
                long t0 = System.nanoTime();
                int status = admin.request().get(page.getValue()).then().extract().statusCode();
                long micros = (System.nanoTime() - t0) / 1000;
                if (status != 200) {
                    throw new IllegalStateException(page.getValue() + " answered " + status);
                }
                if (i >= WARM_UP) {
                    times.add(micros);
                }
            }
            Collections.sort(times);
            System.out.printf("bench: %-28s p50 %6.1f ms  p95 %6.1f ms  (%d requests)%n", page.getKey(),
                    times.get(times.size() / 2) / 1000.0, times.get((int) (times.size() * 0.95)) / 1000.0, times.size());
        }
    }

    private void insert() {
        em.createNativeQuery("""
                insert into template (type, name, display_name, description, created_at, last_modified_at)
                select 'ENVIRONMENT', 'bench-tpl-' || lpad(i::text, 4, '0'), 'Bench template ' || i, 'A template for the portal bench', now(), now()
                from generate_series(1, ?1) i""").setParameter(1, TEMPLATES).executeUpdate();
        em.createNativeQuery("""
                insert into template_version (template_id, major_version, minor_version, status, description, schema, source, created_at, last_modified_at, published_at)
                select t.id, 1, m, 'PUBLISHED', 'bench', 'schema: {}', 'bench', now(), now(), now()
                from template t, generate_series(0, 2) m where t.name like 'bench-tpl-%'""").executeUpdate();
        em.createNativeQuery("""
                insert into environment (name, description, template_name, template_major_version, template_minor_version, spec,
                    provisioning_method, codebuild_role_arn, deployment_status, created_at, last_modified_at, last_deployment_attempted_at)
                select 'bench-env-' || lpad(i::text, 5, '0'), 'bench', 'bench-tpl-' || lpad((1 + i % ?2)::text, 4, '0'), 1, i % 3,
                    'proton: EnvironmentSpec' || chr(10) || 'spec: {}', 'COMMANDS', 'arn:aws:iam::123456789012:role/cb', 'SUCCEEDED', now(), now(), now()
                from generate_series(1, ?1) i""").setParameter(1, ENVIRONMENTS).setParameter(2, TEMPLATES).executeUpdate();
        em.createNativeQuery("""
                insert into deployment (id, target_type, target_arn, target_created_at, environment_name, action, status, method, created_at, last_modified_at, completed_at)
                select gen_random_uuid()::text, 'ENVIRONMENT', 'arn:aws:proton:us-east-1:123456789012:environment/' || e.name, now(), e.name, 'DEPLOY',
                    'SUCCEEDED', 'COMMANDS', now() - (d || ' minutes')::interval, now(), now()
                from environment e, generate_series(1, ?1) d where e.name like 'bench-env-%'""").setParameter(1, DEPLOYMENTS_PER_ENVIRONMENT).executeUpdate();
        em.createNativeQuery("""
                insert into template (type, name, display_name, description, created_at, last_modified_at)
                values ('SERVICE', 'bench-svc-tpl', 'Bench service template', 'A service template for the portal bench', now(), now())""")
                .executeUpdate();
        em.createNativeQuery("""
                insert into template_version (template_id, major_version, minor_version, status, description, schema, source, created_at, last_modified_at, published_at)
                select t.id, 1, m, 'PUBLISHED', 'bench', 'schema: {}', 'bench', now(), now(), now()
                from template t, generate_series(0, 2) m where t.name = 'bench-svc-tpl'""").executeUpdate();
        em.createNativeQuery("""
                insert into service (name, template_name, spec, status, created_at, last_modified_at, has_pipeline)
                select 'bench-svc-' || lpad(i::text, 4, '0'), 'bench-svc-tpl', 'proton: ServiceSpec', 'ACTIVE', now(), now(), false
                from generate_series(1, ?1) i""").setParameter(1, SERVICES).executeUpdate();
        em.createNativeQuery("""
                insert into service_instance (service_name, name, environment_name, template_name, template_major_version, template_minor_version,
                    spec, provisioning_method, deployment_status, created_at, last_modified_at, last_deployment_attempted_at)
                select 'bench-svc-' || lpad((1 + i % ?2)::text, 4, '0'), 'inst-' || lpad(i::text, 5, '0'),
                    'bench-env-' || lpad((1 + i % ?3)::text, 5, '0'), 'bench-svc-tpl', 1, i % 3, '{"greeting": "hi"}', 'COMMANDS',
                    case when i % 50 = 0 then 'FAILED' else 'SUCCEEDED' end, now(), now(), now() - (i || ' seconds')::interval
                from generate_series(1, ?1) i""").setParameter(1, INSTANCES).setParameter(2, SERVICES).setParameter(3, ENVIRONMENTS)
                .executeUpdate();
        em.createNativeQuery("analyze").executeUpdate();
    }
}
