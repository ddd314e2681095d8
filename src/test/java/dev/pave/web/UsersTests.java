package dev.pave.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.identity.IdentityService;
import dev.pave.identity.Role;
import dev.pave.identity.User;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UsersTests {

    @Inject
    IdentityService identity;

    @Test
    void anAdminCreatesALocalUser() {
        WebUser admin = WebUser.admin();
        admin.request().get("/admin/users").then().statusCode(200)
                .body(containsString("aria-label=\"Create user\""), containsString("<label for=\"f-role-developer\">"),
                        containsString("name=\"mustChangePassword\" value=\"true\" checked"));
        admin.form().formParam("username", "new-dev").formParam("password", "initial-password-9")
                .formParam("roles", "developer").formParam("roles", "approver").formParam("mustChangePassword", "true")
                .post("/admin/users").then().statusCode(303).header("Location", endsWith("/admin/users?created=new-dev"));
        User created = identity.user("new-dev").orElseThrow();
        assertEquals(Set.of(Role.DEVELOPER, Role.APPROVER), created.roleSet());
        assertTrue(created.mustChangePassword);
        admin.request().get("/admin/users?created=new-dev").then().body(containsString("User <strong>new-dev</strong> was created."));
    }

    @Test
    void createErrorsAreInlineAndKeepTheChoices() {
        WebUser admin = WebUser.admin();
        admin.form().formParam("username", "half-done").formParam("password", "")
                .formParam("roles", "approver").post("/admin/users").then().statusCode(400)
                .body(containsString("id=\"f-password-error\" class=\"error\" role=\"alert\">Enter an initial password."),
                        containsString("value=\"half-done\""), containsString("value=\"approver\" checked"));
        admin.form().formParam("username", "weak").formParam("password", "short").formParam("roles", "developer")
                .post("/admin/users").then().statusCode(400)
                .body(containsString("class=\"form-error\" role=\"alert\">passwords need at least 12 characters"));
        admin.form().formParam("username", "no-roles").formParam("password", "long-enough-password")
                .post("/admin/users").then().statusCode(400)
                .body(containsString("role=\"alert\">Choose at least one role."));
    }
}
