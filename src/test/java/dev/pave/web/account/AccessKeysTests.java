package dev.pave.web.account;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.identity.Role;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.WebUser;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccessKeysTests {

    private static final Pattern CREATED = Pattern.compile("aws_access_key_id (\\S+) --profile \\S+\\naws configure set aws_secret_access_key (\\S+) ");

    @Inject
    IdentityService identity;

    @Test
    void theSecretOfANewKeyIsShownOnceOnly() {
        identity.createLocalUser(Caller.system(), "key-owner", "key-owner-password", Set.of(Role.DEVELOPER), false);
        WebUser owner = WebUser.login("key-owner", "key-owner-password");
        String page = owner.form().formParam("description", "laptop").post("/account/keys").then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body(containsString("Pave will not show it again"), containsString("aria-label=\"Copy commands\""),
                        containsString("--profile pave-key-owner"))
                .extract().asString();
        Matcher m = CREATED.matcher(page);
        assertTrue(m.find(), "credentials snippet on the page");
        String keyId = m.group(1);
        String secret = m.group(2);

        owner.request().get("/account/keys").then().statusCode(200)
                .body(containsString(keyId), containsString("laptop"), not(containsString(secret)),
                        not(containsString("--profile pave-key-owner")), not(containsString(">Owner<")));
        owner.htmx("key").post("/account/keys/" + keyId + "/revoke").then().statusCode(200).body(emptyString());
        owner.request().get("/account/keys").then().body(not(containsString(keyId)));
    }

    @Test
    void adminsSeeEveryonesKeysWithTheirOwner() {
        WebUser.admin().request().get("/account/keys").then().statusCode(200)
                .body(containsString(">Owner<"), containsString(PaveTestResource.ADMIN_KEY_ID),
                        not(containsString(PaveTestResource.ADMIN_SECRET)));
    }

    @Test
    void aUserCannotRevokeSomeoneElsesKey() {
        identity.createLocalUser(Caller.system(), "key-thief", "key-thief-password", Set.of(Role.DEVELOPER), false);
        WebUser thief = WebUser.login("key-thief", "key-thief-password");
        thief.form().post("/account/keys/" + PaveTestResource.ADMIN_KEY_ID + "/revoke").then().statusCode(403);
    }
}
