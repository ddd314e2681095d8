import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pave's load generator: CLIENTS signed Proton API clients and USERS signed-in portal users, each looping with a
 * think time, for a warm-up and then DURATION seconds against a running Pave. Single file, JDK 17 only (run with
 * {@code java bench/load/Load.java key=value ...}); bench/load/run.sh starts Pave and calls it.
 *
 * <p>Before the clock starts it seeds what the reads need through the API: a few environment templates,
 * environments from the shipped sample pave-sandbox-env and services with instances (and their pipelines) from
 * pave-hello-service, all deployed by Pave's command runner, then signs the page users in.
 *
 * <p>Arguments (all optional but url, key, secret, password): url, key, secret, user (admin), password,
 * duration (s), warmup (s), clients, users, think (API think time in ms, "min-max"), page-think, environments,
 * services, templates, timeline (also print p50/p99 per window of that many seconds; 0, the default, doesn't).
 */
public class Load {

    static final String REGION = "us-east-1";
    static final String ROLE = "arn:aws:iam::123456789012:role/pave-load";

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("arguments are key=value: " + a);
            }
            args.put(a.substring(0, eq), a.substring(eq + 1));
        }
        URI url = URI.create(require(args, "url").replaceAll("/*$", "/"));
        String user = args.getOrDefault("user", "admin");
        String password = require(args, "password");
        int duration = Integer.parseInt(args.getOrDefault("duration", "300"));
        int warmup = Integer.parseInt(args.getOrDefault("warmup", "15"));
        int clients = Integer.parseInt(args.getOrDefault("clients", "200"));
        int users = Integer.parseInt(args.getOrDefault("users", "20"));
        int[] think = range(args.getOrDefault("think", "200-500"));
        int[] pageThink = range(args.getOrDefault("page-think", "500-2000"));
        int environments = Integer.parseInt(args.getOrDefault("environments", "10"));
        int services = Integer.parseInt(args.getOrDefault("services", "4"));
        int templates = Integer.parseInt(args.getOrDefault("templates", "5"));
        int timeline = Integer.parseInt(args.getOrDefault("timeline", "0"));

        // One connection pool for all API clients, as many SDK clients behind one load balancer would look;
        // each page user gets its own client below (its own cookie jar).
        HttpClient apiHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        Api api = new Api(apiHttp, url, require(args, "key"), require(args, "secret"));

        System.out.printf("load: %d API clients (think %d-%d ms), %d page users (think %d-%d ms), %d s warm-up then %d s measured%n",
                clients, think[0], think[1], users, pageThink[0], pageThink[1], warmup, duration);
        Seed seed = Seed.run(api, environments, services, templates);

        Stats stats = new Stats(timeline);
        String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

        // Page users: the first sign-in also takes care of a forced password change, the rest reuse the result.
        long t0 = System.nanoTime();
        String pagePassword = password;
        List<PageUser> pageUsers = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            PageUser p = new PageUser(url, user, pagePassword, seed, stats, pageThink);
            pagePassword = p.signIn(true);
            pageUsers.add(p);
        }
        if (users > 0) {
            System.out.printf("sign-in: %d page users signed in as %s in %.1f s%s%n", users, user, (System.nanoTime() - t0) / 1e9,
                    pagePassword.equals(password) ? "" : " (after the forced first password change)");
        }

        List<Thread> threads = new ArrayList<>();
        Runnable[] loops = new Runnable[clients + users];
        for (int i = 0; i < clients; i++) {
            loops[i] = new ApiClient(api, seed, stats, think, runId + "-c" + i);
        }
        for (int i = 0; i < users; i++) {
            loops[clients + i] = pageUsers.get(i);
        }
        for (int i = 0; i < loops.length; i++) {
            Thread t = new Thread(loops[i], (i < clients ? "api-" : "page-") + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        Thread.sleep(warmup * 1000L);
        long start = System.nanoTime();
        stats.start = start;
        stats.recording = true;
        long cpu1 = cpuNanos();
        Thread.sleep(duration * 1000L);
        stats.recording = false;
        long elapsed = System.nanoTime() - start;
        long cpu2 = cpuNanos();
        stats.running = false;
        for (Thread t : threads) {
            t.join(35_000);
        }
        stats.print(elapsed, cpu1 < 0 ? -1 : cpu2 - cpu1);
        if (timeline > 0) {
            stats.printTimeline();
        }
    }

    static String require(Map<String, String> args, String key) {
        String v = args.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("missing argument " + key + "=…");
        }
        return v;
    }

    static int[] range(String s) {
        String[] p = s.split("-");
        int lo = Integer.parseInt(p[0].trim());
        int hi = p.length > 1 ? Integer.parseInt(p[1].trim()) : lo;
        return new int[] {lo, Math.max(lo, hi)};
    }

    static long cpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    static void sleep(int[] range) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(range[0], range[1] + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static <T> T any(List<T> list) {
        return list.get(ThreadLocalRandom.current().nextInt(list.size()));
    }

    // ---------------------------------------------------------------------------------------------------------
    // The Proton API, signed with SigV4 (service "proton") like the AWS SDKs do.

    static final class Api {
        static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
        static final String SIGNED_HEADERS = "content-type;host;x-amz-date;x-amz-target";
        static final String CONTENT_TYPE = "application/x-amz-json-1.0";
        static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
            try {
                return Mac.getInstance("HmacSHA256");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });

        final HttpClient http;
        final URI url;
        final String host;
        final String accessKeyId;
        final String secret;
        volatile String keyDate = "";
        volatile byte[] signingKey;

        Api(HttpClient http, URI url, String accessKeyId, String secret) {
            this.http = http;
            this.url = url;
            // what HttpClient sends as Host: the port only when the URL names one
            this.host = url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
            this.accessKeyId = accessKeyId;
            this.secret = secret;
        }

        HttpResponse<String> send(String operation, String json) throws IOException, InterruptedException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            String amzDate = AMZ_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
            String date = amzDate.substring(0, 8);
            String target = "AwsProton20200720." + operation;
            String canonical = "POST\n/\n\n"
                    + "content-type:" + CONTENT_TYPE + "\nhost:" + host + "\nx-amz-date:" + amzDate + "\nx-amz-target:" + target + "\n\n"
                    + SIGNED_HEADERS + "\n" + hex(SHA256.get().digest(body));
            String scope = date + "/" + REGION + "/proton/aws4_request";
            String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                    + hex(SHA256.get().digest(canonical.getBytes(StandardCharsets.UTF_8)));
            String signature = hex(hmac(key(date), toSign));
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", CONTENT_TYPE)
                    .header("X-Amz-Date", amzDate)
                    .header("X-Amz-Target", target)
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/" + scope
                            + ", SignedHeaders=" + SIGNED_HEADERS + ", Signature=" + signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }

        /** For seeding: the parsed answer, or an exception naming the error. */
        @SuppressWarnings("unchecked")
        Map<String, Object> call(String operation, String json) throws IOException, InterruptedException {
            HttpResponse<String> r = send(operation, json);
            if (r.statusCode() != 200) {
                throw new IOException(operation + " answered " + r.statusCode() + ": " + r.body());
            }
            return (Map<String, Object>) Json.parse(r.body());
        }

        /** Every item of a paged List… call. */
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> all(String operation, String field, String filters) throws IOException, InterruptedException {
            List<Map<String, Object>> items = new ArrayList<>();
            String token = null;
            do {
                String body = "{" + filters + (token == null ? "" : (filters.isEmpty() ? "" : ",") + "\"nextToken\":" + Json.quote(token)) + "}";
                Map<String, Object> page = call(operation, body);
                items.addAll((List<Map<String, Object>>) page.get(field));
                token = (String) page.get("nextToken");
            } while (token != null);
            return items;
        }

        private byte[] key(String date) {
            if (!date.equals(keyDate)) {
                byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
                k = hmac(k, REGION);
                k = hmac(k, "proton");
                signingKey = hmac(k, "aws4_request");
                keyDate = date;
            }
            return signingKey;
        }

        private static byte[] hmac(byte[] key, String data) {
            try {
                Mac mac = MAC.get();
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String hex(byte[] b) {
            return HexFormat.of().formatHex(b);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Seed data, created through the API before the clock starts.

    static final class Seed {
        final List<String> envTemplates = new ArrayList<>();
        final List<String> envTemplateArns = new ArrayList<>();
        final List<String[]> envTemplateVersions = new ArrayList<>(); // template, major, minor
        final List<String> serviceTemplates = new ArrayList<>();
        final List<String> environments = new ArrayList<>();
        final List<String> environmentArns = new ArrayList<>();
        final List<String> services = new ArrayList<>();
        final List<String[]> instances = new ArrayList<>(); // service, instance
        final List<String> deployments = new ArrayList<>();

        @SuppressWarnings("unchecked")
        static Seed run(Api api, int environments, int services, int templates) throws Exception {
            long t0 = System.nanoTime();
            String prefix = "load-" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
            for (int i = 0; i < templates; i++) {
                api.call("CreateEnvironmentTemplate", "{\"name\":" + Json.quote(prefix + "-tpl-" + i) + ",\"displayName\":\"Load template " + i
                        + "\",\"description\":\"Seeded by bench/load\",\"tags\":[{\"key\":\"team\",\"value\":\"load\"}]}");
            }
            Set<String> names = new LinkedHashSet<>();
            for (Map<String, Object> t : api.all("ListEnvironmentTemplates", "templates", "")) {
                names.add((String) t.get("name"));
            }
            boolean samples = names.contains("pave-sandbox-env");
            String note = "";
            if (samples && environments > 0) {
                for (int i = 0; i < environments; i++) {
                    api.call("CreateEnvironment", "{\"name\":\"" + prefix + "-env-" + i + "\",\"templateName\":\"pave-sandbox-env\","
                            + "\"templateMajorVersion\":\"1\",\"codebuildRoleArn\":\"" + ROLE + "\",\"description\":\"Seeded by bench/load\","
                            + "\"spec\":" + Json.quote("proton: EnvironmentSpec\nspec:\n  size: " + (i % 2 == 0 ? "small" : "medium") + "\n") + "}");
                }
                waitDeployed(api);
                Set<String> serviceTemplateNames = new LinkedHashSet<>();
                for (Map<String, Object> t : api.all("ListServiceTemplates", "templates", "")) {
                    serviceTemplateNames.add((String) t.get("name"));
                }
                if (services > 0 && serviceTemplateNames.contains("pave-hello-service")) {
                    // the sample service has a pipeline, provisioned with commands like its instances
                    api.call("UpdateAccountSettings", "{\"pipelineCodebuildRoleArn\":\"" + ROLE + "\"}");
                    for (int i = 0; i < services; i++) {
                        StringBuilder spec = new StringBuilder("proton: ServiceSpec\npipeline:\n  branch: main\ninstances:\n");
                        for (int j = 0; j < 2; j++) {
                            spec.append("  - name: i").append(j).append("\n    environment: ").append(prefix).append("-env-")
                                    .append((i * 2 + j) % environments).append("\n    spec:\n      greeting: hello ").append(j).append('\n');
                        }
                        api.call("CreateService", "{\"name\":\"" + prefix + "-svc-" + i + "\",\"templateName\":\"pave-hello-service\","
                                + "\"templateMajorVersion\":\"1\",\"spec\":" + Json.quote(spec.toString())
                                + ",\"repositoryConnectionArn\":\"arn:aws:codestar-connections:us-east-1:123456789012:connection/"
                                + "0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e\",\"repositoryId\":\"acme/load-" + i + "\",\"branchName\":\"main\"}");
                    }
                    waitDeployed(api);
                }
            } else if (!samples) {
                note = " (no pave-sandbox-env sample: Pave started with PAVE_SAMPLES_LOAD=false, so no environments or services)";
            }

            // read back what the API clients and page users will ask for
            Seed s = new Seed();
            for (Map<String, Object> t : api.all("ListEnvironmentTemplates", "templates", "")) {
                s.envTemplates.add((String) t.get("name"));
                s.envTemplateArns.add((String) t.get("arn"));
                for (Map<String, Object> v : api.all("ListEnvironmentTemplateVersions", "templateVersions",
                        "\"templateName\":" + Json.quote((String) t.get("name")))) {
                    s.envTemplateVersions.add(new String[] {(String) v.get("templateName"), (String) v.get("majorVersion"), (String) v.get("minorVersion")});
                }
            }
            for (Map<String, Object> t : api.all("ListServiceTemplates", "templates", "")) {
                s.serviceTemplates.add((String) t.get("name"));
            }
            Map<String, Integer> envStatus = new TreeMap<>();
            for (Map<String, Object> e : api.all("ListEnvironments", "environments", "")) {
                s.environments.add((String) e.get("name"));
                s.environmentArns.add((String) e.get("arn"));
                envStatus.merge((String) e.get("deploymentStatus"), 1, Integer::sum);
            }
            for (Map<String, Object> e : api.all("ListServices", "services", "")) {
                s.services.add((String) e.get("name"));
            }
            for (Map<String, Object> e : api.all("ListServiceInstances", "serviceInstances", "")) {
                s.instances.add(new String[] {(String) e.get("serviceName"), (String) e.get("name")});
            }
            Map<String, Integer> deploymentStatus = new TreeMap<>();
            for (Map<String, Object> d : api.all("ListDeployments", "deployments", "")) {
                s.deployments.add((String) d.get("id"));
                deploymentStatus.merge((String) d.get("deploymentStatus"), 1, Integer::sum);
            }
            System.out.printf("seed: %d environment templates (%d versions), %d service templates, %d environments %s, %d services with %d instances,"
                    + " %d deployments %s in %.1f s%s%n", s.envTemplates.size(), s.envTemplateVersions.size(), s.serviceTemplates.size(),
                    s.environments.size(), envStatus, s.services.size(), s.instances.size(), s.deployments.size(), deploymentStatus,
                    (System.nanoTime() - t0) / 1e9, note);
            if (!deploymentStatus.keySet().stream().allMatch("SUCCEEDED"::equals)) {
                System.out.println("seed: not every deployment succeeded (is bubblewrap installed? see Pave's log); the reads go on regardless");
            }
            return s;
        }

        /** Until no deployment is running and none has appeared for a second (a service's pipeline follows its instances). */
        @SuppressWarnings("unchecked")
        static void waitDeployed(Api api) throws Exception {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            int lastCount = -1;
            int quiet = 0;
            while (System.nanoTime() < deadline) {
                List<Map<String, Object>> all = api.all("ListDeployments", "deployments", "");
                boolean running = all.stream().map(d -> (String) d.get("deploymentStatus"))
                        .anyMatch(st -> st.endsWith("IN_PROGRESS") || st.equals("CANCELLING") || st.equals("INITIATED"));
                boolean servicesBusy = api.all("ListServices", "services", "").stream()
                        .anyMatch(sv -> ((String) sv.get("status")).endsWith("IN_PROGRESS"));
                quiet = !running && !servicesBusy && all.size() == lastCount ? quiet + 1 : 0;
                if (quiet >= 2) {
                    return;
                }
                lastCount = all.size();
                Thread.sleep(500);
            }
            throw new IllegalStateException("the seed deployments did not finish within 5 minutes");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Measurements.

    static final class Stats {
        volatile boolean recording;
        volatile boolean running = true;
        final Map<String, Op> ops = new ConcurrentHashMap<>();
        /** Every request by the window of {@code timeline} seconds it ended in, to tell steady tails from stalls. */
        final Map<Integer, Op> windows = new ConcurrentHashMap<>();
        final int timeline;
        volatile long start;

        Stats(int timeline) {
            this.timeline = timeline;
        }
        final Map<String, Integer> errorSamples = new ConcurrentHashMap<>();

        void record(String op, long nanos, int status, String detail) {
            if (!recording) {
                return;
            }
            ops.computeIfAbsent(op, k -> new Op()).add(nanos, status);
            if (timeline > 0) {
                int w = (int) ((System.nanoTime() - start) / 1_000_000_000L / timeline);
                windows.computeIfAbsent(w, k -> new Op()).add(nanos, status);
            }
            if (status >= 400 || status < 0) {
                String key = op + " → " + (status < 0 ? "" : status + " ") + abbreviate(detail);
                if (errorSamples.size() < 20 || errorSamples.containsKey(key)) {
                    errorSamples.merge(key, 1, Integer::sum);
                }
            }
        }

        static String abbreviate(String s) {
            s = s == null ? "" : s.replaceAll("\\s+", " ").trim();
            return s.length() > 200 ? s.substring(0, 200) + "…" : s;
        }

        void print(long elapsedNanos, long cpuNanos) {
            double seconds = elapsedNanos / 1e9;
            System.out.printf("%n%-44s %8s %8s %8s %8s %6s %6s %6s%n", "operation", "requests", "p50 ms", "p99 ms", "max ms", "4xx", "5xx", "failed");
            long total = 0, s4 = 0, s5 = 0, failed = 0;
            List<String> over = new ArrayList<>();
            long[] all = new long[0];
            for (String name : new TreeMap<>(ops).keySet()) {
                Op op = ops.get(name);
                long[] l;
                synchronized (op) {
                    l = Arrays.copyOf(op.latencies, op.count);
                }
                Arrays.sort(l);
                double p99 = pct(l, 0.99);
                System.out.printf("%-44s %8d %8.1f %8.1f %8.1f %6d %6d %6d%n", name, l.length, pct(l, 0.50), p99, l.length == 0 ? 0 : l[l.length - 1] / 1e6,
                        op.status4xx, op.status5xx, op.failed);
                if (p99 >= 50) {
                    over.add(name);
                }
                total += l.length;
                s4 += op.status4xx;
                s5 += op.status5xx;
                failed += op.failed;
                long[] merged = Arrays.copyOf(all, all.length + l.length);
                System.arraycopy(l, 0, merged, all.length, l.length);
                all = merged;
            }
            Arrays.sort(all);
            System.out.printf("%-44s %8d %8.1f %8.1f %8.1f %6d %6d %6d%n", "all", total, pct(all, 0.50), pct(all, 0.99),
                    all.length == 0 ? 0 : all[all.length - 1] / 1e6, s4, s5, failed);
            System.out.printf("%ntotal: %d requests in %.0f s (%.0f/s); 5xx: %d; 4xx: %d; failed (timeouts, I/O, lost sessions): %d%n",
                    total, seconds, total / seconds, s5, s4, failed);
            if (cpuNanos >= 0) {
                System.out.printf("load generator CPU: %.1f s over %.0f s (%.2f cores)%n", cpuNanos / 1e9, seconds, cpuNanos / 1e9 / seconds);
            }
            for (var e : new TreeMap<>(errorSamples).entrySet()) {
                System.out.printf("error ×%d: %s%n", e.getValue(), e.getKey());
            }
            boolean met = s5 == 0 && failed == 0 && over.isEmpty();
            System.out.println("target (0 5xx, no failures, every p99 < 50 ms): " + (met ? "met"
                    : "MISSED" + (over.isEmpty() ? "" : "; p99 ≥ 50 ms: " + String.join(", ", over))));
        }

        void printTimeline() {
            System.out.printf("%n%-12s %8s %8s %8s %8s %6s%n", "window (s)", "requests", "p50 ms", "p99 ms", "max ms", "5xx");
            for (var e : new TreeMap<>(windows).entrySet()) {
                Op op = e.getValue();
                long[] l;
                synchronized (op) {
                    l = Arrays.copyOf(op.latencies, op.count);
                }
                Arrays.sort(l);
                System.out.printf("%-12s %8d %8.1f %8.1f %8.1f %6d%n", e.getKey() * timeline + "-" + (e.getKey() + 1) * timeline, l.length,
                        pct(l, 0.5), pct(l, 0.99), l.length == 0 ? 0 : l[l.length - 1] / 1e6, op.status5xx);
            }
        }

        static double pct(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
        }
    }

    static final class Op {
        long[] latencies = new long[1024];
        int count;
        int status4xx, status5xx, failed;

        synchronized void add(long nanos, int status) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
            if (status < 0) {
                failed++;
            } else if (status >= 500) {
                status5xx++;
            } else if (status >= 400) {
                status4xx++;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // An API client: mostly reads, a few writes on templates of its own.

    static final class ApiClient implements Runnable {
        // operation, weight; writes about 8% of calls
        static final Object[][] MIX = {
                {"ListEnvironmentTemplates", 10}, {"GetEnvironmentTemplate", 12}, {"ListEnvironmentTemplateVersions", 5},
                {"GetEnvironmentTemplateVersion", 5}, {"ListServiceTemplates", 3}, {"GetServiceTemplate", 3},
                {"ListEnvironments", 10}, {"GetEnvironment", 12}, {"ListEnvironmentOutputs", 3},
                {"ListServices", 5}, {"GetService", 5}, {"ListServiceInstances", 6}, {"GetServiceInstance", 5},
                {"ListDeployments", 6}, {"GetDeployment", 8}, {"ListTagsForResource", 3}, {"GetResourcesSummary", 1},
                {"CreateEnvironmentTemplate", 2}, {"UpdateEnvironmentTemplate", 2}, {"TagResource", 2}, {"DeleteEnvironmentTemplate", 2},
        };
        static final int TOTAL = Arrays.stream(MIX).mapToInt(m -> (Integer) m[1]).sum();

        final Api api;
        final Seed seed;
        final Stats stats;
        final int[] think;
        final String namePrefix;
        final ArrayDeque<String[]> mine = new ArrayDeque<>(); // name, arn
        int created;

        ApiClient(Api api, Seed seed, Stats stats, int[] think, String namePrefix) {
            this.api = api;
            this.seed = seed;
            this.stats = stats;
            this.think = think;
            this.namePrefix = namePrefix;
        }

        @Override
        public void run() {
            sleep(new int[] {0, think[1]}); // spread the first calls out
            while (stats.running) {
                String op = pick();
                String body = body(op);
                if (body == null) {
                    continue;
                }
                long t = System.nanoTime();
                int status;
                String detail;
                try {
                    HttpResponse<String> r = api.send(op, body);
                    status = r.statusCode();
                    detail = r.body();
                    if (status == 200) {
                        after(op, r.body());
                    }
                } catch (IOException e) {
                    status = -1;
                    detail = e.toString();
                } catch (InterruptedException e) {
                    return;
                }
                stats.record(op, System.nanoTime() - t, status, detail);
                sleep(think);
            }
        }

        String pick() {
            int n = ThreadLocalRandom.current().nextInt(TOTAL);
            for (Object[] m : MIX) {
                n -= (Integer) m[1];
                if (n < 0) {
                    String op = (String) m[0];
                    // writes touch only this client's own templates; with none yet, create one
                    if (mine.isEmpty() && (op.equals("UpdateEnvironmentTemplate") || op.equals("TagResource") || op.equals("DeleteEnvironmentTemplate"))) {
                        return "CreateEnvironmentTemplate";
                    }
                    return op;
                }
            }
            throw new IllegalStateException();
        }

        String body(String op) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            return switch (op) {
                case "ListEnvironmentTemplates", "ListServiceTemplates", "ListServices", "GetResourcesSummary" -> "{}";
                case "GetEnvironmentTemplate" -> "{\"name\":" + Json.quote(any(seed.envTemplates)) + "}";
                case "ListEnvironmentTemplateVersions" -> "{\"templateName\":" + Json.quote(any(seed.envTemplates)) + "}";
                case "GetEnvironmentTemplateVersion" -> {
                    if (seed.envTemplateVersions.isEmpty()) {
                        yield null;
                    }
                    String[] v = any(seed.envTemplateVersions);
                    yield "{\"templateName\":" + Json.quote(v[0]) + ",\"majorVersion\":\"" + v[1] + "\",\"minorVersion\":\"" + v[2] + "\"}";
                }
                case "GetServiceTemplate" -> seed.serviceTemplates.isEmpty() ? null : "{\"name\":" + Json.quote(any(seed.serviceTemplates)) + "}";
                case "ListEnvironments" -> "{}";
                case "GetEnvironment" -> seed.environments.isEmpty() ? null : "{\"name\":" + Json.quote(any(seed.environments)) + "}";
                case "ListEnvironmentOutputs" -> seed.environments.isEmpty() ? null : "{\"environmentName\":" + Json.quote(any(seed.environments)) + "}";
                case "GetService" -> seed.services.isEmpty() ? null : "{\"name\":" + Json.quote(any(seed.services)) + "}";
                case "ListServiceInstances" -> seed.services.isEmpty() || r.nextBoolean() ? "{}" : "{\"serviceName\":" + Json.quote(any(seed.services)) + "}";
                case "GetServiceInstance" -> {
                    if (seed.instances.isEmpty()) {
                        yield null;
                    }
                    String[] i = any(seed.instances);
                    yield "{\"serviceName\":" + Json.quote(i[0]) + ",\"name\":" + Json.quote(i[1]) + "}";
                }
                case "ListDeployments" -> seed.environments.isEmpty() || r.nextBoolean() ? "{}" : "{\"environmentName\":" + Json.quote(any(seed.environments)) + "}";
                case "GetDeployment" -> seed.deployments.isEmpty() ? null : "{\"id\":" + Json.quote(any(seed.deployments)) + "}";
                case "ListTagsForResource" -> "{\"resourceArn\":" + Json.quote(any(r.nextBoolean() || seed.environmentArns.isEmpty() ? seed.envTemplateArns : seed.environmentArns)) + "}";
                case "CreateEnvironmentTemplate" -> {
                    String name = namePrefix + "-" + created++;
                    yield "{\"name\":" + Json.quote(name) + ",\"displayName\":" + Json.quote("Load " + name) + ",\"description\":\"Created under load\"}";
                }
                case "UpdateEnvironmentTemplate" -> "{\"name\":" + Json.quote(mine.peekLast()[0]) + ",\"description\":\"Updated at " + System.nanoTime() + "\"}";
                case "TagResource" -> "{\"resourceArn\":" + Json.quote(mine.peekLast()[1]) + ",\"tags\":[{\"key\":\"team\",\"value\":\"t" + r.nextInt(10)
                        + "\"},{\"key\":\"cost-center\",\"value\":\"cc" + r.nextInt(100) + "\"}]}";
                case "DeleteEnvironmentTemplate" -> "{\"name\":" + Json.quote(mine.pollFirst()[0]) + "}";
                default -> throw new IllegalStateException(op);
            };
        }

        @SuppressWarnings("unchecked")
        void after(String op, String response) {
            if (op.equals("CreateEnvironmentTemplate")) {
                Map<String, Object> t = (Map<String, Object>) ((Map<String, Object>) Json.parse(response)).get("environmentTemplate");
                mine.addLast(new String[] {(String) t.get("name"), (String) t.get("arn")});
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // A signed-in portal user: a browser's page views, one cookie jar per user.

    static final class PageUser implements Runnable {
        static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>", Pattern.CASE_INSENSITIVE);
        static final Pattern VALUE = Pattern.compile("\\bvalue=\"([^\"]*)\"");

        final HttpClient http;
        final URI url;
        final String user;
        String password;
        final Seed seed;
        final Stats stats;
        final int[] think;

        PageUser(URI url, String user, String password, Seed seed, Stats stats, int[] think) {
            this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            this.url = url;
            this.user = user;
            this.password = password;
            this.seed = seed;
            this.stats = stats;
            this.think = think;
        }

        /**
         * Signs in through the browser's login form: username, password and the page's hidden {@code csrf-token} to
         * /login, which sets the pave-session cookie. A forced first password change is done here too, if
         * {@code mayChangePassword}; returns the password that now works.
         */
        String signIn(boolean mayChangePassword) throws IOException, InterruptedException {
            String loginPage = get("login").body();
            String token = hiddenInput(loginPage, "csrf-token");
            if (token == null) {
                throw new IOException("the login page has no csrf-token input");
            }
            HttpResponse<String> r = postForm("login", Map.of("username", user, "password", password, "csrf-token", token));
            String location = r.headers().firstValue("Location").orElse("");
            if (r.statusCode() >= 400 || location.contains("error") || (r.statusCode() == 200 && r.body().contains("form-error"))) {
                throw new IOException("signing in as " + user + " failed: " + r.statusCode() + " " + location);
            }
            HttpResponse<String> home = get("");
            String where = home.headers().firstValue("Location").orElse("");
            if (home.statusCode() == 200) {
                return password;
            }
            if (where.contains("/account/password") && mayChangePassword) {
                changePassword();
                return signIn(false);
            }
            throw new IOException("after signing in as " + user + ", / answered " + home.statusCode() + " " + where);
        }

        /** The forced change of an initial password: the form has a csrf-token field; the new password is 12+ characters. */
        private void changePassword() throws IOException, InterruptedException {
            String page = get("account/password").body();
            String token = hiddenInput(page, "csrf-token");
            String next = password + "-load-" + Long.toString(System.nanoTime(), 36);
            Map<String, String> form = new LinkedHashMap<>(Map.of("current", password, "new", next, "confirm", next));
            if (token != null) {
                form.put("csrf-token", token);
            }
            HttpResponse<String> r = postForm("account/password", form);
            if (r.statusCode() != 303 && r.statusCode() != 302) {
                throw new IOException("changing " + user + "'s initial password failed: " + r.statusCode() + " " + Stats.abbreviate(r.body()));
            }
            password = next;
        }

        static String hiddenInput(String html, String name) {
            Matcher m = INPUT.matcher(html);
            while (m.find()) {
                String tag = m.group();
                if (tag.contains("name=\"" + name + "\"")) {
                    Matcher v = VALUE.matcher(tag);
                    return v.find() ? v.group(1).replace("&amp;", "&") : null;
                }
            }
            return null;
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(30)).header("Accept", "text/html").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> postForm(String path, Map<String, String> fields) throws IOException, InterruptedException {
            StringBuilder body = new StringBuilder();
            for (var f : fields.entrySet()) {
                body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8));
            }
            return http.send(HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** One page view: a label for the figures and the path. */
        String[] pick() {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            List<String[]> pages = new ArrayList<>();
            pages.add(new String[] {"GET /", ""});
            pages.add(new String[] {"GET /?kind=environment", "?kind=environment"});
            pages.add(new String[] {"GET /environments", "environments"});
            pages.add(new String[] {"GET /deployments", "deployments"});
            pages.add(new String[] {"GET /templates/environment/{name}", "templates/environment/" + enc(any(seed.envTemplates))});
            if (!seed.serviceTemplates.isEmpty()) {
                pages.add(new String[] {"GET /templates/service/{name}", "templates/service/" + enc(any(seed.serviceTemplates))});
            }
            if (!seed.environments.isEmpty()) {
                pages.add(new String[] {"GET /environments/{name}", "environments/" + enc(any(seed.environments))});
                pages.add(new String[] {"GET /environments/{name}", "environments/" + enc(any(seed.environments))});
            }
            if (!seed.services.isEmpty()) {
                pages.add(new String[] {"GET /services", "services"});
                pages.add(new String[] {"GET /services/{name}", "services/" + enc(any(seed.services))});
                pages.add(new String[] {"GET /instances", "instances"});
            }
            if (!seed.deployments.isEmpty()) {
                pages.add(new String[] {"GET /deployments/{id}", "deployments/" + enc(any(seed.deployments))});
            }
            return pages.get(r.nextInt(pages.size()));
        }

        static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
        }

        @Override
        public void run() {
            sleep(new int[] {0, think[1]});
            while (stats.running) {
                String[] page = pick();
                long t = System.nanoTime();
                int status;
                String detail = "";
                try {
                    HttpResponse<String> r = get(page[1]);
                    status = r.statusCode();
                    if (status != 200) {
                        String location = r.headers().firstValue("Location").orElse("");
                        detail = location.isEmpty() ? r.body() : "redirected to " + location;
                        if (location.contains("login")) {
                            status = -1; // a signed-in user sent back to the login page: the session was lost
                            detail = "session lost: " + detail;
                        } else if (status < 400) {
                            status = -1;
                        }
                    }
                } catch (IOException e) {
                    status = -1;
                    detail = e.toString();
                } catch (InterruptedException e) {
                    return;
                }
                stats.record(page[0], System.nanoTime() - t, status, detail);
                if (detail.startsWith("session lost")) {
                    try {
                        signIn(false);
                    } catch (IOException e) {
                        stats.record("sign-in again", 0, -1, e.toString());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                sleep(think);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Just enough JSON: objects, arrays, strings, numbers, true/false/null.

    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String s) {
            Json j = new Json(s);
            Object v = j.value();
            j.ws();
            if (j.i != s.length()) {
                throw new IllegalArgumentException("trailing characters in JSON at " + j.i);
            }
            return v;
        }

        static String quote(String v) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : v.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private Object value() {
            ws();
            char c = s.charAt(i);
            switch (c) {
                case '{': {
                    Map<String, Object> m = new LinkedHashMap<>();
                    i++;
                    ws();
                    if (s.charAt(i) == '}') {
                        i++;
                        return m;
                    }
                    while (true) {
                        ws();
                        String k = string();
                        ws();
                        expect(':');
                        m.put(k, value());
                        ws();
                        if (s.charAt(i) == ',') {
                            i++;
                        } else {
                            expect('}');
                            return m;
                        }
                    }
                }
                case '[': {
                    List<Object> l = new ArrayList<>();
                    i++;
                    ws();
                    if (s.charAt(i) == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        ws();
                        if (s.charAt(i) == ',') {
                            i++;
                        } else {
                            expect(']');
                            return l;
                        }
                    }
                }
                case '"':
                    return string();
                default:
                    if (s.startsWith("true", i)) {
                        i += 4;
                        return Boolean.TRUE;
                    }
                    if (s.startsWith("false", i)) {
                        i += 5;
                        return Boolean.FALSE;
                    }
                    if (s.startsWith("null", i)) {
                        i += 4;
                        return null;
                    }
                    int start = i;
                    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                        i++;
                    }
                    if (start == i) {
                        throw new IllegalArgumentException("unexpected '" + c + "' in JSON at " + i);
                    }
                    return Double.parseDouble(s.substring(start, i));
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            }
        }

        private void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c) {
                throw new IllegalArgumentException("expected '" + c + "' in JSON at " + i);
            }
            i++;
        }
    }
}
