package dev.pave.template.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.schema.Inputs;
import dev.pave.testing.TestBundles;
import java.io.ByteArrayInputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** schema/migrations.yaml: read and checked, then applied to a spec's inputs from an older major. */
class SpecMigrationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static SpecMigrations read(String yaml) {
        return SpecMigrations.read(BundleArchive.read(new ByteArrayInputStream(TestBundles.of(Map.of(SpecMigrations.FILE, yaml)).tarGz())));
    }

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    @Test
    void renamesMapsDropsAndDefaultsAndCarriesArraysAndObjectsIntact() throws Exception {
        SpecMigrations m = read("""
                migrations:
                  - from: 1
                    inputs:
                      size: {map: {small: 1, large: 3}, rename: replicas}
                      legacy: {drop: true}
                      port: {default: 8080}
                      greeting: {rename: message}
                """);
        ObjectNode from1 = json("""
                {"size": "large", "legacy": true, "greeting": "hi", "subnets": ["a", "b"], "tags": {"team": "x", "cost": {"centre": 7}}}""");
        ObjectNode migrated = m.apply(1, from1);
        ObjectNode expected = json("""
                {"subnets": ["a", "b"], "tags": {"team": "x", "cost": {"centre": 7}}, "replicas": 3, "port": 8080, "message": "hi"}""");
        assertTrue(Inputs.same(expected, migrated), "mapped values come from YAML, so numbers compare by value: " + migrated);
        assertEquals("large", from1.get("size").asText(), "the stored inputs are not touched");
        assertEquals(json("{\"port\": 9}"), m.apply(1, json("{\"port\": 9}")), "a default only fills an absent input");
        assertEquals(json("{\"size\": \"odd\"}").get("size"), m.apply(1, json("{\"size\": \"odd\"}")).get("replicas"), "unmapped values stay");
        assertEquals(json("{\"size\": \"small\"}"), m.apply(2, json("{\"size\": \"small\"}")), "nothing from a major it does not name");
        assertEquals(SpecMigrations.NONE, SpecMigrations.read(BundleArchive.read(new ByteArrayInputStream(TestBundles.of(Map.of("schema/schema.yaml", "x: 1"))
                .tarGz()))));
    }

    @Test
    void refusesFilesItCannotApplyNamingWhere() {
        assertRefused("migrations must be a list", "migrations: {from: 1}");
        assertRefused("each migration needs from", "migrations: [{inputs: {}}]");
        assertRefused("two migrations from major version 1", "migrations: [{from: 1, inputs: {}}, {from: 1, inputs: {}}]");
        assertRefused("migration from 1, input a: unknown step 'renmae'", "migrations: [{from: 1, inputs: {a: {renmae: b}}}]");
        assertRefused("migration from 1, input a: a dropped input has no other steps", "migrations: [{from: 1, inputs: {a: {drop: true, rename: b}}}]");
        assertRefused("migration from 1, input a: map must be a mapping", "migrations: [{from: 1, inputs: {a: {map: [1, 2]}}}]");
    }

    private static void assertRefused(String expected, String yaml) {
        BundleException e = assertThrows(BundleException.class, () -> read(yaml));
        assertTrue(e.getMessage().startsWith("schema/migrations.yaml: ") && e.getMessage().contains(expected), e.getMessage());
    }
}
