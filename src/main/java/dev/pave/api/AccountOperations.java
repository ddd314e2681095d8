package dev.pave.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.Arns;
import dev.pave.account.AccountService;
import dev.pave.account.AccountSettings;
import dev.pave.error.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;

/** GetAccountSettings and UpdateAccountSettings. */
@ApplicationScoped
public class AccountOperations implements ApiOperations {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    AccountService accounts;

    @Inject
    Arns arns;

    @Override
    public Map<String, ApiOperation> operations() {
        return Map.of(
                "GetAccountSettings", (caller, in) -> Json.object().set("accountSettings", settings(accounts.settings(caller))),
                "UpdateAccountSettings", (caller, in) -> {
                    boolean delete = Json.bool(in, "deletePipelineProvisioningRepository").orElse(false);
                    if (delete && in.has("pipelineProvisioningRepository")) {
                        throw new ValidationException("Specify either pipelineProvisioningRepository or deletePipelineProvisioningRepository, not both");
                    }
                    AccountSettings s = accounts.update(caller, new AccountService.SettingsChange(
                            Json.text(in, "pipelineServiceRoleArn"), Json.text(in, "pipelineCodebuildRoleArn"),
                            Optional.ofNullable(in.get("pipelineProvisioningRepository")).map(JsonNode::toString), delete));
                    return Json.object().set("accountSettings", settings(s));
                });
    }

    private ObjectNode settings(AccountSettings s) {
        ObjectNode out = Json.object();
        Json.put(out, "pipelineServiceRoleArn", s.pipelineServiceRoleArn);
        Json.put(out, "pipelineCodebuildRoleArn", s.pipelineCodebuildRoleArn);
        if (s.pipelineProvisioningRepository != null) {
            try {
                ObjectNode repo = (ObjectNode) MAPPER.readTree(s.pipelineProvisioningRepository);
                repo.put("arn", arns.of("repository", repo.path("provider").asText().toLowerCase() + ":" + repo.path("name").asText()));
                out.set("pipelineProvisioningRepository", repo);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
