package dev.pave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.identity.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/ checked with what runs on a machine without a container engine: the Dockerfile read line by line, the
 * compose file, Keycloak realm and Kubernetes manifests parsed, and each held to what Pave and the README say (the
 * start command, the port, the health endpoints, the roles, one secret key for every replica). Building the image
 * and starting the stack are not done here (see README, "Containers").
 */
class ContainerFilesTest {

    private static final Path DOCKER = Path.of("docker");

    @Test
    void theImageBuildsWithTheWrapperAndStartsTheReadmesJarAsANonRootUser() throws IOException {
        List<String> lines = instructions(Files.readString(DOCKER.resolve("Dockerfile")));
        Matcher readme = Pattern.compile("`\\./mvnw -B -DskipTests package && java -jar (target/quarkus-app)/(quarkus-run\\.jar)`")
                .matcher(Files.readString(Path.of("README.md")));
        assertTrue(readme.find(), "the README's start command");
        String builtDir = readme.group(1);
        String jar = readme.group(2);

        assertEquals(2, lines.stream().filter(l -> l.startsWith("FROM ")).count(), "a build stage and a run stage: " + lines);
        assertTrue(lines.contains("RUN ./mvnw -B -DskipTests package"), "built with the README's build command: " + lines);
        String copy = lines.stream().filter(l -> l.startsWith("COPY --from=build")).findFirst().orElseThrow();
        Matcher copied = Pattern.compile("/src/" + Pattern.quote(builtDir) + "/ (\\S+)/$").matcher(copy);
        assertTrue(copied.find(), "the run stage takes the README's fast-jar folder: " + copy);
        assertTrue(lines.contains("CMD [\"java\", \"-jar\", \"" + copied.group(1) + "/" + jar + "\"]"), "and starts its jar: " + lines);
        assertTrue(lines.get(0).contains("-jdk") && lines.stream().filter(l -> l.startsWith("FROM ")).skip(1).findFirst().orElseThrow().contains("-jre"),
                "built on a JDK, run on a JRE");

        String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow().substring(5);
        assertTrue(!user.equals("root") && !user.equals("0"), "runs as " + user);
        String home = value(lines, "ENV PAVE_HOME=");
        assertTrue(lines.contains("VOLUME [\"" + home + "\"]"), "PAVE_HOME is a volume: " + lines);
        assertEquals(port(), value(lines, "EXPOSE "));
        String health = lines.stream().filter(l -> l.startsWith("HEALTHCHECK")).findFirst().orElseThrow();
        assertTrue(health.contains("http://localhost:" + port() + "/q/health/ready"), health);
        assertTrue(lines.stream().anyMatch(l -> l.contains("bubblewrap")), "command provisioning's sandbox is installed");
    }

    @Test
    void composeRunsTwoReplicasOnOneDatabaseBehindAProxyWithKeycloakAndMoto() throws IOException {
        Map<String, Object> compose = yaml(DOCKER.resolve("compose.yaml"));
        Map<String, Object> services = map(compose, "services");
        assertEquals(Set.of("postgres", "keycloak", "moto", "pave-1", "pave-2", "proxy"), services.keySet());
        Map<String, Object> one = map(map(services, "pave-1"), "environment");
        Map<String, Object> two = map(map(services, "pave-2"), "environment");
        assertEquals(one, two, "the replicas are configured alike");
        assertTrue(String.valueOf(one.get("PAVE_SECRET_KEY")).startsWith("${PAVE_SECRET_KEY:?"), "one shared key, required: " + one);
        assertTrue(String.valueOf(one.get("QUARKUS_DATASOURCE_JDBC_URL")).startsWith("jdbc:postgresql://postgres:5432/"), one.toString());
        assertEquals(map(map(services, "postgres"), "environment").get("POSTGRES_PASSWORD"), one.get("QUARKUS_DATASOURCE_PASSWORD"));
        assertTrue(String.valueOf(one.get("AWS_ENDPOINT_URL")).startsWith("http://moto:"), one.toString());

        // the proxy spreads over both replicas, on the port Pave's OIDC client is registered for
        String nginx = Files.readString(DOCKER.resolve("proxy/nginx.conf"));
        Set<String> upstreams = Pattern.compile("server (\\S+);").matcher(nginx).results().map(m -> m.group(1)).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("pave-1:" + port(), "pave-2:" + port()), upstreams);
        assertTrue(nginx.contains("proxy_set_header Host $http_host;"), "SigV4 signs the Host header: it must pass unchanged");
        assertTrue(((List<?>) map(services, "proxy").get("ports")).contains("8080:8080"));

        // Keycloak imports the realm Pave's settings name, with Pave's client and its secret, and groups named as Pave's roles
        JsonNode realm = new ObjectMapper().readTree(DOCKER.resolve("keycloak/pave-realm.json").toFile());
        assertEquals("http://keycloak:8080/realms/" + realm.path("realm").asText(), one.get("QUARKUS_OIDC_AUTH_SERVER_URL"));
        JsonNode client = realm.path("clients").get(0);
        assertEquals(one.get("QUARKUS_OIDC_CLIENT_ID"), client.path("clientId").asText());
        assertEquals(one.get("QUARKUS_OIDC_CREDENTIALS_SECRET"), client.path("secret").asText());
        assertEquals("http://localhost:8080/*", client.path("redirectUris").get(0).asText());
        assertEquals("groups", client.path("protocolMappers").get(0).path("config").path("claim.name").asText(), "Pave reads roles from groups");
        Set<String> roles = Arrays.stream(Role.values()).map(r -> r.id).collect(Collectors.toSet());
        Set<String> groups = new TreeSet<>();
        realm.path("groups").forEach(g -> groups.add(g.path("name").asText()));
        assertEquals(roles, groups);
        realm.path("users").forEach(u -> u.path("groups").forEach(g -> assertTrue(roles.contains(g.asText().substring(1)), u.toString())));
        assertTrue(((List<?>) map(services, "keycloak").get("volumes")).contains("./keycloak:/opt/keycloak/data/import:ro"));
    }

    @Test
    void kubernetesRunsTwoReplicasWithProbesSecretsAndADisruptionBudget() throws IOException {
        Map<String, Object> deployment = yaml(DOCKER.resolve("kubernetes/deployment.yaml"));
        Map<String, Object> spec = map(deployment, "spec");
        assertEquals(2, spec.get("replicas"));
        Map<String, Object> labels = map(map(spec, "selector"), "matchLabels");
        assertEquals(labels, map(map(map(spec, "template"), "metadata"), "labels"));
        Map<String, Object> pod = map(map(spec, "template"), "spec");
        assertEquals(10001, map(pod, "securityContext").get("runAsUser"), "the image's pave user");
        assertTrue(Files.readString(DOCKER.resolve("Dockerfile")).contains("--uid 10001"));
        Map<String, Object> container = cast(((List<?>) pod.get("containers")).get(0));
        assertEquals("/q/health/ready", map(map(container, "readinessProbe"), "httpGet").get("path"));
        assertEquals("/q/health/live", map(map(container, "livenessProbe"), "httpGet").get("path"));
        assertEquals("/q/health/started", map(map(container, "startupProbe"), "httpGet").get("path"));
        assertEquals(Integer.parseInt(port()), cast(((List<?>) container.get("ports")).get(0)).get("containerPort"));

        Set<String> secretKeys = map(yaml(DOCKER.resolve("kubernetes/secret.yaml")), "stringData").keySet();
        List<String> referenced = new ArrayList<>();
        for (Object e : (List<?>) container.get("env")) {
            Map<String, Object> env = cast(e);
            if (env.get("valueFrom") != null) {
                referenced.add(String.valueOf(map(map(env, "valueFrom"), "secretKeyRef").get("key")));
            }
        }
        assertTrue(referenced.contains("secret-key") && secretKeys.containsAll(referenced), referenced + " in " + secretKeys);

        assertEquals(labels, map(map(yaml(DOCKER.resolve("kubernetes/pod-disruption-budget.yaml")), "spec"), "selector").get("matchLabels"));
        assertEquals(1, map(yaml(DOCKER.resolve("kubernetes/pod-disruption-budget.yaml")), "spec").get("minAvailable"));
        assertEquals(labels, map(map(yaml(DOCKER.resolve("kubernetes/service.yaml")), "spec"), "selector"));
    }

    /** The Dockerfile's instructions, continuation lines joined and comments dropped. */
    private static List<String> instructions(String dockerfile) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.split("\n")) {
            if (line.strip().startsWith("#") || line.isBlank()) {
                continue;
            }
            String part = line.strip();
            if (part.endsWith("\\")) {
                current.append(part, 0, part.length() - 1).append(' ');
            } else {
                lines.add(current.append(part).toString().replaceAll("\\s+", " "));
                current.setLength(0);
            }
        }
        return lines;
    }

    private static String value(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError("no " + prefix))
                .substring(prefix.length());
    }

    /** Pave's HTTP port as application.properties sets it. */
    private static String port() throws IOException {
        Matcher m = Pattern.compile("(?m)^quarkus\\.http\\.port=(\\d+)$").matcher(Files.readString(Path.of("src/main/resources/application.properties")));
        assertTrue(m.find());
        return m.group(1);
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return cast(new Yaml().load(Files.readString(file)));
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object child = parent.get(key);
        assertTrue(child instanceof Map, key + " in " + parent.keySet());
        return cast(child);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }
}
