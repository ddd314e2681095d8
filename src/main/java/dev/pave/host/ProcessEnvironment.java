package dev.pave.host;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Pave's environment as it was at start, with the secrets taken out of the live process. A secret passed in the
 * environment ({@code PAVE_ADMIN_PASSWORD}, {@code PAVE_SECRET_KEY}, the datasource password, AWS keys…) would
 * otherwise stay readable for the whole life of the process in {@code /proc/<pid>/environ} and be inherited by every
 * child. At start Pave reads them once, then clears them from both; Quarkus still sees the PAVE_ and QUARKUS_ ones
 * through {@link WithdrawnSecretsConfigSource}, the AWS SDK sees AWS keys as its system properties, and
 * {@code pave.commands.pass-env} still passes what it names from this start-time snapshot.
 */
public final class ProcessEnvironment {

    private static final Logger LOG = Logger.getLogger(ProcessEnvironment.class);
    private static final Pattern SECRET = Pattern.compile("(PAVE|QUARKUS)_\\w*(PASSWORD|SECRET|TOKEN|_KEY)|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN");

    private static volatile Map<String, String> atStart = Map.copyOf(System.getenv());
    private static volatile Map<String, String> withdrawn = Map.of();

    private ProcessEnvironment() {
    }

    /** The environment Pave was started with, secrets included: for what the operator chose to pass on. */
    public static Map<String, String> atStart() {
        return atStart;
    }

    /** The PAVE_ and QUARKUS_ secrets taken out of the process environment, for Pave's configuration. */
    static Map<String, String> withdrawnConfig() {
        return withdrawn;
    }

    /** Whether a variable of this name is treated as a secret. */
    public static boolean isSecret(String name) {
        return SECRET.matcher(name).matches();
    }

    /**
     * Takes the secrets out of this process's environment: from the map Java hands to child processes and from the
     * memory {@code /proc/self/environ} shows. Call once, first thing in {@code main}, before anything reads them.
     *
     * @return the names withdrawn
     */
    public static Set<String> withdrawSecrets() {
        Map<String, String> env = Map.copyOf(System.getenv());
        atStart = env;
        Map<String, String> secrets = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            if (isSecret(name) && !value.isEmpty()) {
                secrets.put(name, value);
            }
        });
        if (secrets.isEmpty()) {
            return Set.of();
        }
        Map<String, String> config = new LinkedHashMap<>();
        secrets.forEach((name, value) -> {
            if (name.startsWith("AWS_")) {
                // the SDK's default chain reads its system properties before the environment
                System.setProperty(name.equals("AWS_SESSION_TOKEN") ? "aws.sessionToken" : "aws.secretAccessKey", value);
            } else {
                config.put(name, value);
            }
        });
        if (secrets.containsKey("AWS_SECRET_ACCESS_KEY") && env.containsKey("AWS_ACCESS_KEY_ID")) {
            System.setProperty("aws.accessKeyId", env.get("AWS_ACCESS_KEY_ID"));
        }
        withdrawn = Map.copyOf(config);
        boolean fromJava = removeFromJava(secrets.keySet());
        boolean fromProc = zeroInProc(secrets.keySet());
        if (!fromJava || !fromProc) {
            LOG.warnf("Could not clear %s from Pave's own environment (%s); child processes get a clean environment anyway, "
                    + "but /proc/%d/environ may still show them. Start Pave with java -jar target/quarkus-app/quarkus-run.jar, "
                    + "whose manifest opens java.base to it", new TreeSet<>(secrets.keySet()),
                    !fromJava ? "java.base is not open to Pave" : "/proc/self/mem is not writable", ProcessHandle.current().pid());
        }
        return new TreeSet<>(secrets.keySet());
    }

    /** Removes the names from the map behind System.getenv(), which ProcessBuilder copies for every child. */
    @SuppressWarnings("unchecked")
    private static boolean removeFromJava(Set<String> names) {
        try {
            Class<?> processEnvironment = Class.forName("java.lang.ProcessEnvironment");
            Field unmodifiable = processEnvironment.getDeclaredField("theUnmodifiableEnvironment");
            unmodifiable.setAccessible(true);
            Object view = unmodifiable.get(null);
            Field inner = Class.forName("java.util.Collections$UnmodifiableMap").getDeclaredField("m");
            inner.setAccessible(true);
            Map<String, String> live = (Map<String, String>) inner.get(view); // a view over ProcessEnvironment.theEnvironment
            names.forEach(live::remove);
            return names.stream().noneMatch(name -> System.getenv(name) != null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Overwrites the secrets' {@code NAME=value} strings with zeros in the block the kernel shows as
     * {@code /proc/self/environ} (its bounds are fields 50 and 51 of {@code /proc/self/stat}).
     */
    private static boolean zeroInProc(Set<String> names) {
        Path stat = Path.of("/proc/self/stat");
        if (!Files.exists(stat)) {
            return true; // not Linux: no /proc to leak through
        }
        try {
            String text = Files.readString(stat);
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            long start = Long.parseLong(fields[50 - 3]);
            long end = Long.parseLong(fields[51 - 3]);
            if (start <= 0 || end <= start || end - start > 16 * 1024 * 1024) {
                return false;
            }
            try (RandomAccessFile memory = new RandomAccessFile("/proc/self/mem", "rw")) {
                byte[] block = new byte[(int) (end - start)];
                memory.seek(start);
                memory.readFully(block);
                int entry = 0;
                for (int i = 0; i <= block.length; i++) {
                    if (i == block.length || block[i] == 0) {
                        String variable = new String(block, entry, i - entry, StandardCharsets.UTF_8);
                        int equals = variable.indexOf('=');
                        if (equals > 0 && names.contains(variable.substring(0, equals))) {
                            byte[] zeros = new byte[i - entry];
                            Arrays.fill(zeros, (byte) 0);
                            memory.seek(start + entry);
                            memory.write(zeros);
                        }
                        entry = i + 1;
                    }
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
