package dev.pave.web;

import dev.pave.testing.WebUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Page timings with a big registry, inserted with SQL; at scale 1: 1,000 templates (700 environment and 300 service
 * templates, 3 versions each, engines mixed), 5,000 environments with 4 deployments each, 2,000 services with
 * pipelines and 10,000 service instances (one in 50 FAILED); {@code bench.scale} multiplies every count but the
 * deployments per environment ({@code bench.deployments-per-environment}). Each page of the portal is requested by
 * {@code bench.users} signed-in users at once (each with its own session, waiting about {@code bench.think-ms} between
 * pages), first {@link #WARM_UP} times unmeasured,
 * then {@link #ROUNDS} times in all; prints p50/p95 of the server's own time (its Server-Timing header, see
 * {@link ServerTiming}) and of the full round trip on localhost. Asserts nothing about timings. Run by
 * bench/portal/run.sh (which sets bench.rounds), never by an ordinary test run: its environments would fill the quota.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "bench.rounds", matches = "\\d+", disabledReason = "a benchmark: bench/portal/run.sh runs it")
class PortalBench {

    static final int SCALE = Integer.getInteger("bench.scale", 1);
    static final int ENVIRONMENT_TEMPLATES = 700 * SCALE;
    static final int SERVICE_TEMPLATES = 300 * SCALE;
    static final int ENVIRONMENTS = 5000 * SCALE;
    static final int DEPLOYMENTS_PER_ENVIRONMENT = Integer.getInteger("bench.deployments-per-environment", 4);
    static final int SERVICES = 2000 * SCALE;
    static final int INSTANCES = 10000 * SCALE;
    static final int USERS = Integer.getInteger("bench.users", 1);
    /** How long each user waits between two pages (0: each asks again as soon as it has its answer). */
    static final int THINK_MS = Integer.getInteger("bench.think-ms", 0);
    static final int WARM_UP = 300;
    static final int ROUNDS = Integer.getInteger("bench.rounds", 300);

    private static final Pattern SERVER_TIME = Pattern.compile("app;dur=([0-9.]+)");

    /** A schema like a real template's: a handful of typed, bounded inputs, and pipeline inputs for services. */
    private static final String SCHEMA = """
            schema:
              format:
                openapi: "3.0.0"
              environment_input_type: "BenchInput"
              service_input_type: "BenchInput"
              pipeline_input_type: "PipelineInput"
              types:
                BenchInput:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string, title: "Name", description: "What to call it", minLength: 1, maxLength: 40}
                    cidr: {type: string, title: "CIDR", default: "10.0.0.0/16", pattern: "^[0-9./]+$"}
                    size: {type: string, enum: [small, medium, large], default: small}
                    replicas: {type: integer, minimum: 1, maximum: 10, default: 2}
                    public: {type: boolean, default: false}
                    tags: {type: array, items: {type: string}, maxItems: 5}
                PipelineInput:
                  type: object
                  properties:
                    unit_test_command: {type: string, default: "make test"}
            """;

    @Inject
    EntityManager em;

    @TestHTTPResource("/")
    URL base;

    @Test
    void pages() throws IOException, InterruptedException {
        long start = System.nanoTime();
        // millions of rows at larger scales take minutes, past the default transaction timeout
        QuarkusTransaction.requiringNew().timeout(3600).run(this::insert);
        System.out.printf("bench: inserted %d templates, %d environments, %d deployments, %d services, %d service instances in %.1f s%n",
                ENVIRONMENT_TEMPLATES + SERVICE_TEMPLATES, ENVIRONMENTS, (long) ENVIRONMENTS * DEPLOYMENTS_PER_ENVIRONMENT, SERVICES,
                INSTANCES, (System.nanoTime() - start) / 1e9);

        List<String> sessions = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            sessions.add(WebUser.admin().session);
        }
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("catalog", "/");
        pages.put("catalog search", "/?text=bench-tpl-005");
        pages.put("catalog engine filter", "/?engine=terraform");
        pages.put("catalog kind+engine page 5", "/?kind=service&engine=commands&page=5");
        pages.put("catalog filter (htmx list)", "htmx:/?engine=cloudformation&text=svc");
        pages.put("template page (environment)", "/templates/environment/bench-tpl-00500");
        pages.put("template page (service)", "/templates/service/bench-svc-tpl-00150");
        pages.put("environments list", "/environments");
        pages.put("environments list page 50", "/environments?page=50");
        pages.put("environment page", "/environments/bench-env-002500");
        pages.put("deployments list", "/deployments");
        pages.put("deployments by environment", "/deployments?environment=bench-env-002500");
        pages.put("create: choose template", "/environments/new");
        pages.put("services list", "/services");
        pages.put("service page", "/services/bench-svc-00500");
        pages.put("pipeline page", "/services/bench-svc-00500/pipeline");
        pages.put("instance list", "/instances");
        pages.put("instance list page 100", "/instances?page=100");
        pages.put("instances by text", "/instances?text=inst-000123");
        pages.put("instances by environment", "/instances?environment=bench-env-002500");
        pages.put("instances by template", "/instances?template=bench-svc-tpl-00150");
        pages.put("instances FAILED page 3", "/instances?status=FAILED&page=3");
        pages.put("instance page", "/services/bench-svc-00500/instances/inst-0000499");
        pages.put("search page", "/search?q=bench-env-0025");
        pages.put("search, instance names", "/search?q=inst-000049");

        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        ExecutorService users = Executors.newFixedThreadPool(USERS);
        System.out.printf("bench: %d signed-in user(s) at once, each waiting %d ms on average between pages%n", USERS, THINK_MS);
        System.out.printf("bench: %-30s %22s   %22s%n", "", "server time", "round trip");
        try {
            for (Map.Entry<String, String> page : pages.entrySet()) {
                List<Double> server = Collections.synchronizedList(new ArrayList<>());
                List<Double> roundTrip = Collections.synchronizedList(new ArrayList<>());
                AtomicInteger sent = new AtomicInteger();
                List<Future<?>> running = new ArrayList<>();
                for (String session : sessions) {
                    running.add(users.submit(() -> {
                        for (int i = sent.getAndIncrement(); i < WARM_UP + ROUNDS; i = sent.getAndIncrement()) {
                            request(client, page.getValue(), session, i >= WARM_UP ? server : null, roundTrip);
                            if (THINK_MS > 0) {
                                Thread.sleep(THINK_MS / 2 + ThreadLocalRandom.current().nextInt(THINK_MS));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> user : running) {
                    user.get();
                }
                System.out.printf("bench: %-30s p50 %6.1f  p95 %6.1f ms   p50 %6.1f  p95 %6.1f ms  (%d requests)%n", page.getKey(),
                        percentile(server, 50), percentile(server, 95), percentile(roundTrip, 50), percentile(roundTrip, 95), server.size());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            users.shutdownNow();
        }
    }

    /** One request of a page as {@code session}'s user; {@code server} null while warming up. */
    private void request(HttpClient client, String page, String session, List<Double> server, List<Double> roundTrip)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "")
                + page.replaceFirst("^htmx:", ""))).header("Cookie", "pave-session=" + session);
        if (page.startsWith("htmx:")) {
            request.header("HX-Request", "true").header("HX-Target", "catalog-list");
        }
        long t0 = System.nanoTime();
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        double millis = (System.nanoTime() - t0) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(page + " answered " + response.statusCode());
        }
        if (server != null) {
            Matcher m = SERVER_TIME.matcher(response.headers().firstValue("Server-Timing").orElse(""));
            if (!m.find()) {
                throw new IllegalStateException(page + " has no Server-Timing header");
            }
            server.add(Double.parseDouble(m.group(1)));
            roundTrip.add(millis);
        }
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    private void insert() {
        em.createNativeQuery("""
                insert into template (type, name, display_name, description, created_at, last_modified_at)
                select 'ENVIRONMENT', 'bench-tpl-' || lpad(i::text, 5, '0'), 'Bench template ' || i, 'A template for the portal bench', now(), now()
                from generate_series(1, ?1) i""").setParameter(1, ENVIRONMENT_TEMPLATES).executeUpdate();
        em.createNativeQuery("""
                insert into template (type, name, display_name, description, created_at, last_modified_at)
                select 'SERVICE', 'bench-svc-tpl-' || lpad(i::text, 5, '0'), 'Bench service template ' || i, 'A service for the portal bench', now(), now()
                from generate_series(1, ?1) i""").setParameter(1, SERVICE_TEMPLATES).executeUpdate();
        // engines cycle through the three, so each filter keeps about a third; service pipelines run as commands
        em.createNativeQuery("""
                insert into template_version (template_id, major_version, minor_version, status, description, schema, source,
                    engine, pipeline_engine, compatible_environment_templates, created_at, last_modified_at, published_at)
                select t.id, 1, m, 'PUBLISHED', 'bench', ?1, 'bench',
                    (array['CLOUDFORMATION', 'TERRAFORM', 'CODEBUILD'])[1 + t.id % 3],
                    case when t.type = 'SERVICE' then 'CODEBUILD' end,
                    case when t.type = 'SERVICE' then '[{"templateName":"bench-tpl-' || lpad((1 + t.id % ?2)::text, 5, '0') || '","majorVersion":1}]' end,
                    now(), now(), now()
                from template t, generate_series(0, 2) m where t.name like 'bench-%'""")
                .setParameter(1, SCHEMA).setParameter(2, ENVIRONMENT_TEMPLATES).executeUpdate();
        em.createNativeQuery("""
                insert into environment (name, description, template_name, template_major_version, template_minor_version, spec,
                    provisioning_method, codebuild_role_arn, deployment_status, created_at, last_modified_at, last_deployment_attempted_at)
                select 'bench-env-' || lpad(i::text, 6, '0'), 'bench', 'bench-tpl-' || lpad((1 + i % ?2)::text, 5, '0'), 1, i % 3,
                    'proton: EnvironmentSpec' || chr(10) || 'spec: {}', 'COMMANDS', 'arn:aws:iam::123456789012:role/cb', 'SUCCEEDED', now(), now(), now()
                from generate_series(1, ?1) i""").setParameter(1, ENVIRONMENTS).setParameter(2, ENVIRONMENT_TEMPLATES).executeUpdate();
        em.createNativeQuery("""
                insert into deployment (id, target_type, target_arn, target_created_at, environment_name, action, status, method, created_at, last_modified_at, completed_at)
                select gen_random_uuid()::text, 'ENVIRONMENT', 'arn:aws:proton:us-east-1:123456789012:environment/' || e.name, now(), e.name, 'DEPLOY',
                    'SUCCEEDED', 'COMMANDS', now() - (d || ' minutes')::interval, now(), now()
                from environment e, generate_series(1, ?1) d where e.name like 'bench-env-%'""").setParameter(1, DEPLOYMENTS_PER_ENVIRONMENT).executeUpdate();
        em.createNativeQuery("""
                insert into service (name, description, template_name, spec, status, created_at, last_modified_at, has_pipeline,
                    pipeline_template_major_version, pipeline_template_minor_version, pipeline_spec, pipeline_provisioning_method, pipeline_deployment_status)
                select 'bench-svc-' || lpad(i::text, 5, '0'), 'bench', 'bench-svc-tpl-' || lpad((1 + i % ?2)::text, 5, '0'), 'proton: ServiceSpec',
                    'ACTIVE', now(), now(), true, 1, i % 3, '{}', 'COMMANDS', 'SUCCEEDED'
                from generate_series(1, ?1) i""").setParameter(1, SERVICES).setParameter(2, SERVICE_TEMPLATES).executeUpdate();
        // instance i belongs to service 1 + i % SERVICES (so bench-svc-00500 has inst-0000499, inst-0002499, …)
        em.createNativeQuery("""
                insert into service_instance (service_name, name, environment_name, template_name, template_major_version, template_minor_version,
                    spec, provisioning_method, deployment_status, created_at, last_modified_at, last_deployment_attempted_at)
                select s.name, 'inst-' || lpad(i::text, 7, '0'), 'bench-env-' || lpad((1 + i % ?3)::text, 6, '0'), s.template_name, 1, i % 3,
                    '{"name": "bench"}', 'COMMANDS', case when i % 50 = 0 then 'FAILED' else 'SUCCEEDED' end, now(), now(),
                    now() - (i || ' seconds')::interval
                from generate_series(1, ?1) i join service s on s.name = 'bench-svc-' || lpad((1 + i % ?2)::text, 5, '0')""")
                .setParameter(1, INSTANCES).setParameter(2, SERVICES).setParameter(3, ENVIRONMENTS).executeUpdate();
        em.createNativeQuery("analyze").executeUpdate();
    }
}
