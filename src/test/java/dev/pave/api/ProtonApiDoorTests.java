package dev.pave.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.testing.PaveTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Proton API door: SigV4, Proton's error shapes, model validation — through raw signed HTTP. */
@QuarkusTest
class ProtonApiDoorTests {

    @TestHTTPResource("/")
    URI endpoint;

    private final ObjectMapper json = new ObjectMapper();

    private SignedHttp http() {
        return new SignedHttp(endpoint);
    }

    private JsonNode body(SignedHttp.Response r) throws Exception {
        return json.readTree(r.body());
    }

    @Test
    void aCorrectlySignedCallIsServed() throws Exception {
        SignedHttp.Response r = http().call("ListEnvironmentTemplates", "{}", "{}", PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET, Instant.now());
        assertEquals(200, r.status(), r.body());
        assertTrue(body(r).has("templates"));
    }

    @Test
    void aWrongSecretIsAccessDenied() throws Exception {
        SignedHttp.Response r = http().call("ListEnvironmentTemplates", "{}", "{}", PaveTestResource.ADMIN_KEY_ID, "not-the-secret", Instant.now());
        assertEquals(403, r.status());
        assertEquals("AccessDeniedException", body(r).get("__type").asText());
        assertTrue(body(r).get("message").asText().contains("signature we calculated does not match"));
    }

    @Test
    void anUnknownKeyIsAccessDenied() throws Exception {
        SignedHttp.Response r = http().call("ListEnvironmentTemplates", "{}", "{}", "PAVENOSUCHKEY", "whatever", Instant.now());
        assertEquals(403, r.status());
        assertEquals("AccessDeniedException", body(r).get("__type").asText());
    }

    @Test
    void aTamperedBodyIsAccessDenied() throws Exception {
        String signed = "{\"name\":\"signed-name\"}";
        String sent = "{\"name\":\"evil-name\"}";
        SignedHttp.Response r = http().call("CreateEnvironmentTemplate", signed, sent, PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET, Instant.now());
        assertEquals(403, r.status());
        assertEquals("AccessDeniedException", body(r).get("__type").asText());
        SignedHttp.Response get = http().call("GetEnvironmentTemplate", sent, sent, PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET, Instant.now());
        assertEquals("ResourceNotFoundException", body(get).get("__type").asText(), "the tampered request must not have created anything");
    }

    @Test
    void aTwentyMinuteOldSignatureIsAccessDenied() throws Exception {
        SignedHttp.Response r = http().call("ListEnvironmentTemplates", "{}", "{}", PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET,
                Instant.now().minus(Duration.ofMinutes(20)));
        assertEquals(403, r.status());
        assertTrue(body(r).get("message").asText().startsWith("Signature expired"), r.body());
    }

    @Test
    void anUnsignedCallIsAccessDenied() {
        RestAssured.given().header("X-Amz-Target", "AwsProton20200720.ListEnvironmentTemplates")
                .contentType("application/x-amz-json-1.0").body("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/").then().statusCode(403)
                .body(org.hamcrest.Matchers.containsString("\"__type\":\"AccessDeniedException\""));
    }

    @Test
    void unknownOperationsAreAClearErrorNotA500() throws Exception {
        SignedHttp.Response r = http().call("LaunchRockets", "{}", "{}", PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET, Instant.now());
        assertEquals(400, r.status());
        assertEquals("UnknownOperationException", body(r).get("__type").asText());
        assertTrue(body(r).get("message").asText().contains("is not a Proton operation"));
    }

    @Test
    void everyOperationOfProtonsModelIsServed() throws Exception {
        List<String> unserved = new ArrayList<>();
        int operations = 0;
        for (Iterator<String> names = new ProtonModel().operationNames(); names.hasNext();) {
            String operation = names.next();
            operations++;
            // an empty input: most are refused for their required members, none may be unknown
            SignedHttp.Response r = http().call(operation, "{}", "{}", PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET, Instant.now());
            if (r.body().contains("UnknownOperationException")) {
                unserved.add(operation);
            }
        }
        assertEquals(87, operations, "botocore's Proton model has 87 operations");
        assertEquals(List.of(), unserved);
    }

    @Test
    void malformedJsonIsASerializationError() throws Exception {
        SignedHttp.Response r = http().call("ListEnvironmentTemplates", "{nope", "{nope", PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET, Instant.now());
        assertEquals(400, r.status());
        assertEquals("SerializationException", body(r).get("__type").asText());
    }

    @Test
    void inputIsValidatedAgainstProtonsModelInAwsWording() throws Exception {
        String bad = "{\"name\":\"bad name\",\"provisioning\":\"SOMETIMES\"}";
        SignedHttp.Response r = http().call("CreateEnvironmentTemplate", bad, bad, PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET, Instant.now());
        assertEquals(400, r.status());
        String message = body(r).get("message").asText();
        assertEquals("ValidationException", body(r).get("__type").asText());
        assertTrue(message.startsWith("2 validation errors detected: "), message);
        assertTrue(message.contains("Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern"), message);
        assertTrue(message.contains("Value 'SOMETIMES' at 'provisioning' failed to satisfy constraint: Member must satisfy enum value set: [CUSTOMER_MANAGED]"), message);

        String missing = "{}";
        r = http().call("CreateEnvironmentTemplate", missing, missing, PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET, Instant.now());
        assertEquals("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null", body(r).get("message").asText());
    }

    @Test
    void sensitiveMembersAreNeverEchoedInErrors() throws Exception {
        // descriptions are sensitive in Proton's model; a too-long one must be refused without its content
        String secret = "s3cr3t-" + "x".repeat(600);
        String input = json.createObjectNode().put("name", "sensitive").put("description", secret).toString();
        SignedHttp.Response r = http().call("CreateEnvironmentTemplate", input, input, PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET, Instant.now());
        assertEquals(400, r.status(), r.body());
        assertFalse(r.body().contains("s3cr3t"), r.body());
        assertTrue(body(r).get("message").asText().contains("Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 500"), r.body());
    }
}
