package dev.pave.template.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Parses bundle YAML (schema, manifests) into Jackson nodes without trusting it: bounded aliases, nesting,
 * size and node count, no duplicate keys, no custom tags. SnakeYAML only composes the node graph; the
 * conversion to JSON is ours so that alias expansion is counted and timestamps stay text.
 */
public final class SafeYaml {

    static final int MAX_ALIASES = 50;
    static final int MAX_DEPTH = 50;
    static final int MAX_CODE_POINTS = 1024 * 1024;
    /** Aliases can multiply nodes (billion laughs); a schema needs nowhere near this many. */
    static final int MAX_NODES = 100_000;

    private static final Pattern YAML11_TRUE = Pattern.compile("(?i)y|yes|true|on");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String file;
    /** CloudFormation's short forms ({@code !Ref}, {@code !Sub}…) are read as their plain value rather than refused. */
    private final boolean intrinsics;
    private int nodes;

    private SafeYaml(String file, boolean intrinsics) {
        this.file = file;
        this.intrinsics = intrinsics;
    }

    /** Parses one YAML document; errors read "file: problem at line N". */
    public static JsonNode parse(String file, byte[] content) {
        return parse(file, content, false);
    }

    /**
     * Parses a CloudFormation template (YAML or JSON) with the same limits; an intrinsic function's short form
     * ({@code !Sub "x"}) reads as its argument, enough to read the template's sections.
     */
    public static JsonNode parseCloudFormation(String file, byte[] content) {
        return parse(file, content, true);
    }

    private static JsonNode parse(String file, byte[] content, boolean intrinsics) {
        text(file, content); // over the size limit or not UTF-8: refused before the parser spends time on it
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        DumperOptions dumper = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
        Node root;
        try {
            root = yaml.compose(new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.UTF_8));
        } catch (MarkedYAMLException e) {
            throw new BundleException(file + ": " + e.getProblem() + at(e.getProblemMark()));
        } catch (YAMLException e) {
            throw new BundleException(file + ": " + e.getMessage());
        }
        if (root == null) {
            throw new BundleException(file + ": the file is empty");
        }
        return new SafeYaml(file, intrinsics).convert(root, 1);
    }

    /**
     * A YAML file's text, checked first: at most {@link #MAX_CODE_POINTS} bytes (SnakeYAML's scanner is slow on a
     * single multi-megabyte line, comments included) and strict UTF-8 (no bytes silently replaced).
     */
    public static String text(String file, byte[] content) {
        if (content.length > MAX_CODE_POINTS) {
            throw new BundleException(file + ": the file is " + content.length + " bytes, over the limit of " + MAX_CODE_POINTS);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new BundleException(file + ": the file is not UTF-8 text");
        }
    }

    private JsonNode convert(Node node, int depth) {
        if (depth > MAX_DEPTH) {
            throw fail("nesting deeper than " + MAX_DEPTH + " levels", node);
        }
        if (++nodes > MAX_NODES) {
            throw fail("more than " + MAX_NODES + " nodes after expanding aliases", node);
        }
        if (node instanceof MappingNode mapping) {
            return convertMapping(mapping, depth);
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = JSON.arrayNode();
            for (Node item : sequence.getValue()) {
                array.add(convert(item, depth + 1));
            }
            return array;
        }
        return convertScalar((ScalarNode) node);
    }

    private ObjectNode convertMapping(MappingNode mapping, int depth) {
        ObjectNode object = JSON.objectNode();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode scalarKey)) {
                throw fail("mapping keys must be plain values", key);
            }
            if (key.getTag().equals(Tag.MERGE)) {
                merge(object, convert(tuple.getValueNode(), depth + 1), key);
                continue;
            }
            if (object.has(scalarKey.getValue())) {
                throw fail("duplicate key '" + scalarKey.getValue() + "'", key);
            }
            object.set(scalarKey.getValue(), convert(tuple.getValueNode(), depth + 1));
        }
        return object;
    }

    /** "<<: *defaults" copies the keys the mapping does not set itself. */
    private void merge(ObjectNode object, JsonNode merged, Node at) {
        if (!merged.isObject()) {
            throw fail("'<<' must merge a mapping", at);
        }
        merged.fields().forEachRemaining(field -> {
            if (!object.has(field.getKey())) {
                object.set(field.getKey(), field.getValue());
            }
        });
    }

    private JsonNode convertScalar(ScalarNode scalar) {
        String value = scalar.getValue();
        Tag tag = scalar.getTag();
        if (tag.equals(Tag.STR) || tag.equals(Tag.TIMESTAMP) || tag.equals(Tag.BINARY) || intrinsics && tag.getValue().startsWith("!")) {
            return JSON.textNode(value);
        }
        if (tag.equals(Tag.NULL)) {
            return JSON.nullNode();
        }
        if (tag.equals(Tag.BOOL)) {
            return JSON.booleanNode(YAML11_TRUE.matcher(value).matches());
        }
        if (tag.equals(Tag.INT)) {
            return integer(value);
        }
        if (tag.equals(Tag.FLOAT)) {
            return decimal(value);
        }
        throw fail("unsupported tag " + tag.getValue(), scalar);
    }

    private static JsonNode integer(String value) {
        String digits = value.replace("_", "");
        try {
            BigInteger number = digits.matches("-?0x.*")
                    ? new BigInteger(digits.replaceFirst("0x", ""), 16)
                    : new BigInteger(digits);
            return number.bitLength() < 64 ? JSON.numberNode(number.longValue()) : JSON.numberNode(number);
        } catch (NumberFormatException e) {
            return JSON.textNode(value); // octal and sexagesimal YAML 1.1 forms stay text
        }
    }

    private static JsonNode decimal(String value) {
        try {
            return JSON.numberNode(Double.parseDouble(value.replace("_", "")));
        } catch (NumberFormatException e) {
            return JSON.textNode(value); // .inf and .nan have no JSON form
        }
    }

    private BundleException fail(String problem, Node node) {
        return new BundleException(file + ": " + problem + at(node.getStartMark()));
    }

    private static String at(Mark mark) {
        return mark == null ? "" : " at line " + (mark.getLine() + 1);
    }
}
