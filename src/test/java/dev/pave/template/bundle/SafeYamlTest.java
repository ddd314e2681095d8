package dev.pave.template.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class SafeYamlTest {

    @Test
    void parsesPlainYamlIntoJson() {
        JsonNode node = parse("""
                a: 1
                b: [x, 2.5, true, null]
                since: 2023-04-18
                base: &base {k: v}
                copy:
                  <<: *base
                  own: 1
                """);
        assertEquals(1, node.get("a").asInt());
        assertEquals("[\"x\",2.5,true,null]", node.get("b").toString());
        assertEquals("2023-04-18", node.get("since").asText(), "timestamps stay text");
        assertEquals("v", node.get("copy").get("k").asText());
        assertEquals(1, node.get("copy").get("own").asInt());
    }

    @Test
    void refusesBillionLaughs() {
        StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char level = 'b'; level <= 'i'; level++) {
            String previous = String.valueOf((char) (level - 1));
            yaml.append(level).append(": &").append(level).append(" [")
                    .append(("*" + previous + ",").repeat(8)).append("*").append(previous).append("]\n");
        }
        assertRefused("schema/schema.yaml: Number of aliases for non-scalar nodes exceeds the specified max=50",
                yaml.toString());
    }

    @Test
    void refusesAliasExpansionUnderTheAliasLimit() {
        // 3 aliases a level over 16 levels stays under 50 aliases but would expand to 43 million nodes.
        StringBuilder yaml = new StringBuilder("l0: &l0 [x, x, x]\n");
        for (int level = 1; level <= 16; level++) {
            String previous = "*l" + (level - 1);
            yaml.append("l").append(level).append(": &l").append(level)
                    .append(" [").append(previous).append(", ").append(previous).append(", ").append(previous).append("]\n");
        }
        assertRefused("after expanding aliases", yaml.toString());
    }

    @Test
    void refusesDeepNesting() {
        assertRefused("schema/schema.yaml: Nesting Depth exceeded max 50", "a: " + "[".repeat(100) + "]".repeat(100));
    }

    @Test
    void refusesDuplicateKeysWithTheirLine() {
        assertRefused("schema/schema.yaml: duplicate key 'type' at line 3", """
                schema:
                  type: object
                  type: string
                """);
    }

    @Test
    void refusesArbitraryTypes() {
        assertRefused("Global tag is not allowed: tag:yaml.org,2002:java.io.File at line 1", "a: !!java.io.File /etc/passwd\n");
        assertRefused("unsupported tag !Ref at line 1", "a: !Ref Vpc\n");
    }

    @Test
    void reportsSyntaxErrorsWithTheirLine() {
        BundleException refused = assertThrows(BundleException.class, () -> parse("a: 1\nb: [\n"));
        assertTrue(refused.getMessage().matches("schema/schema.yaml: .* at line \\d+"), refused.getMessage());
        assertRefused("schema/schema.yaml: the file is empty", "");
    }

    private static JsonNode parse(String yaml) {
        return SafeYaml.parse("schema/schema.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refusesAnOversizedFileBeforeParsingItAndBytesThatAreNotUtf8() {
        // one 2 MB comment line kept SnakeYAML's scanner busy for most of a minute; now it is refused by its size
        byte[] huge = ("spec: {}\n# " + "x".repeat(2 * 1024 * 1024) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long start = System.nanoTime();
        BundleException big = assertThrows(BundleException.class, () -> SafeYaml.parse("spec.yaml", huge));
        assertTrue(big.getMessage().contains("over the limit"), big.getMessage());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "refused without parsing");
        BundleException latin1 = assertThrows(BundleException.class, () -> SafeYaml.parse("spec.yaml", new byte[] {'a', ':', ' ', (byte) 0xe9}));
        assertTrue(latin1.getMessage().contains("not UTF-8"), latin1.getMessage());
    }

    private static void assertRefused(String expected, String yaml) {
        BundleException refused = assertThrows(BundleException.class, () -> parse(yaml));
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }
}
