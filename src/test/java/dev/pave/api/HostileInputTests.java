package dev.pave.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.testing.ProtonClients;
import dev.pave.testing.WebUser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.proton.ProtonClient;
import software.amazon.awssdk.services.proton.model.ConflictException;
import software.amazon.awssdk.services.proton.model.ValidationException;

/** Input that once made Pave answer 500 gets Proton's 4xx errors instead, and changes nothing. */
@QuarkusTest
class HostileInputTests {

    @TestHTTPResource("/")
    URL pave;

    @Test
    void aNulCharacterIsAValidationError() {
        ProtonClient proton = ProtonClients.admin(pave);
        ValidationException refused = assertThrows(ValidationException.class,
                () -> proton.createEnvironmentTemplate(b -> b.name("nul-template").description("before\u0000after")));
        assertTrue(refused.getMessage().contains("Member must not contain NUL characters"), refused.getMessage());
        assertTrue(proton.listEnvironmentTemplates(b -> { }).templates().stream().noneMatch(t -> t.name().equals("nul-template")));
    }

    @Test
    void aForgedNextTokenIsAValidationError() {
        ProtonClient proton = ProtonClients.admin(pave);
        for (String forged : List.of("-5|ListEnvironments:", "x|ListEnvironments:", "5|ListServices:", "999999999999|ListEnvironments:")) {
            String token = Base64.getUrlEncoder().encodeToString(forged.getBytes(StandardCharsets.UTF_8));
            ValidationException refused = assertThrows(ValidationException.class, () -> proton.listEnvironments(b -> b.nextToken(token)), forged);
            assertEquals("The nextToken is not valid for this request", refused.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void twentyParallelCreatesOfOneNameMakeOneTemplateAndNineteenConflicts() throws Exception {
        ProtonClient proton = ProtonClients.admin(pave);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(() -> {
                    try {
                        proton.createEnvironmentTemplate(b -> b.name("raced-template"));
                        return "created";
                    } catch (ConflictException e) {
                        return "conflict";
                    }
                });
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
                outcomes.add(f.get());
            }
            assertEquals(1, outcomes.stream().filter("created"::equals).count(), outcomes.toString());
            assertEquals(19, outcomes.stream().filter("conflict"::equals).count(), outcomes.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listPagesRefuseAnUnknownFilterOrAnAbsurdPage() {
        WebUser admin = WebUser.admin();
        admin.request().get("/deployments?status=BOGUS").then().statusCode(400);
        admin.request().get("/deployments?target=BOGUS").then().statusCode(400);
        admin.request().get("/instances?status=BOGUS").then().statusCode(400);
        for (String list : List.of("/instances", "/deployments", "/environments", "/services", "/components", "/")) {
            admin.request().get(list + "?page=2147483647").then().statusCode(400);
            admin.request().get(list + "?page=100000").then().statusCode(200);
        }
    }
}
