package dev.pave.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.adoption.ProtonImports;
import dev.pave.error.PaveException;
import dev.pave.error.ValidationException;
import dev.pave.identity.Caller;
import dev.pave.sync.ServiceSyncService;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/imports}: adopt AWS Proton's estate (SigV4 or a signed-in browser; platform admins). The body is
 * {@code {"dryRun": true, "specs": {"<environment>": "<spec>"}, "serviceSpecs": {"<service>": "<spec>"},
 * "versions": {"<template>": "1.2"}, "repositories": {"<service>": {"repositoryConnectionArn", "repositoryId",
 * "branchName"}}, "serviceSync": {"repositoryProvider", "repositoryName", "branch", "filePath"}, "stacks": [{"stackName", "environmentName", "templateName", "version"}]}}, every member optional; the
 * answer lists every stack found and what the import did (or would do) with it.
 */
@Path("/api/v1/imports")
public class ImportApi {

    @Inject
    ProtonImports imports;

    @Inject
    MachineCallers callers;

    @Inject
    JsonBodies bodies;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response run(byte[] body, @Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServerRequest http) {
        try {
            Caller caller = callers.resolve("POST", body, headers, uri, http);
            JsonNode in = bodies.object(body, headers);
            ProtonImports.Report report = imports.run(caller, new ProtonImports.Request(in.path("dryRun").asBoolean(false),
                    texts(in.path("specs"), "specs"), texts(in.path("serviceSpecs"), "serviceSpecs"), texts(in.path("versions"), "versions"),
                    repositories(in.path("repositories")), serviceSync(in.path("serviceSync")), stacks(in.path("stacks"))));
            return Response.ok(report(report).toString(), MediaType.APPLICATION_JSON).build();
        } catch (PaveException e) {
            return ApiErrors.of(e);
        }
    }

    static ObjectNode report(ProtonImports.Report report) {
        ObjectNode out = Json.object().put("dryRun", report.dryRun());
        ArrayNode items = out.putArray("items");
        for (ProtonImports.Item i : report.items()) {
            ObjectNode item = items.addObject().put("kind", i.kind().name()).put("name", i.name()).put("stackName", i.stackName())
                    .put("outcome", i.outcome().name()).put("message", i.message());
            Json.put(item, "service", i.service());
            Json.put(item, "templateName", i.templateName());
            Json.put(item, "version", i.version());
        }
        ArrayNode unread = out.putArray("unreadAccounts");
        report.unreadAccounts().forEach(unread::add);
        return out;
    }

    private static Map<String, String> texts(JsonNode node, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new ValidationException(field + " must be an object of names to text");
        }
        node.fields().forEachRemaining(f -> {
            if (!f.getValue().isTextual()) {
                throw new ValidationException(field + "." + f.getKey() + " must be text");
            }
            out.put(f.getKey(), f.getValue().asText());
        });
        return out;
    }

    private static Map<String, ProtonImports.Repository> repositories(JsonNode node) {
        Map<String, ProtonImports.Repository> out = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new ValidationException("repositories must be an object of service names to {repositoryConnectionArn, repositoryId, branchName}");
        }
        node.fields().forEachRemaining(f -> out.put(f.getKey(), new ProtonImports.Repository(Json.required(f.getValue(), "repositoryConnectionArn"),
                Json.required(f.getValue(), "repositoryId"), Json.required(f.getValue(), "branchName"))));
        return out;
    }

    private static ServiceSyncService.Source serviceSync(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        return new ServiceSyncService.Source(Json.required(node, "repositoryProvider"), Json.required(node, "repositoryName"),
                Json.required(node, "branch"), Json.required(node, "filePath"));
    }

    private static List<ProtonImports.StackAdoption> stacks(JsonNode node) {
        List<ProtonImports.StackAdoption> out = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw new ValidationException("stacks must be a list");
        }
        for (JsonNode s : node) {
            out.add(new ProtonImports.StackAdoption(Json.required(s, "stackName"), Json.required(s, "environmentName"),
                    Json.required(s, "templateName"), Json.text(s, "version").orElse(null)));
        }
        return out;
    }
}
