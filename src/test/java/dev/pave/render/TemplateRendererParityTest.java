package dev.pave.render;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Hand-written templates covering the Jinja that Proton templates use, each checked against jinja2. */
class TemplateRendererParityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTEXT = """
            {"i": 42, "neg": -7, "big": 12345678901234, "f": 2.5, "whole": 3.0, "tiny": 0.0001, "huge": 1e20,
             "t": true, "fl": false, "s": "Hello app", "quote": "it's", "xs": ["a", "b", "c"],
             "nums": [3, 1, 2], "mixed": [1, "two", 3.5, true, false],
             "d": {"a": 1, "b": "two", "c": [1, 2]}, "no_keys": {},
             "long": "The quick brown fox jumps over the lazy dog",
             "outputs": {"Output1": "hello", "Output2": "world",
                         "PolicyArn1": "arn:aws:iam::123456789012:policy/cfn-generated-policy-name-1",
                         "PolicyArn2": "arn:aws:iam::123456789012:policy/cfn-generated-policy-name-2"},
             "bad_outputs": {"Ok": "fine", "Bad": "this::is::incorrect"},
             "valid": "This-is_valid_37", "invalid": "this::is::incorrect",
             "some_arn": "arn:aws:some-service::123456789012:some-resource/resource-name",
             "components": {"default": {}}}
            """;

    private static final List<Jinja2Oracle.Case> CASES = new ArrayList<>();
    private static List<Jinja2Oracle.Result> expected;
    private static TemplateRenderer renderer;

    private static void parity(String name, String template) {
        CASES.add(new Jinja2Oracle.Case(name, template, context()));
    }

    static {
        // whitespace and newlines
        parity("drops one trailing newline", "a\nb\n");
        parity("keeps the second trailing newline", "a\n\n");
        parity("normalises CRLF", "a\r\nb\r\n");
        parity("block tags keep their newlines", "{% if t %}\nx\n{% endif %}\ny\n");
        parity("indented loop", "Items:\n  {% for x in xs %}\n  - {{ x }}\n  {% endfor %}\nend\n");
        parity("whitespace control on tags", "a  {%- if t -%}  b  {%- endif -%}  c");
        parity("whitespace control on expressions", "a  {{- s -}}  b");
        parity("comments", "a {# note #} b\n{#- trimmed -#}\nc");
        parity("expression output ending in newline", "{{ 'x\\n' }}");
        // loops
        parity("loop variables", "{% for x in xs %}{{ loop.index }}/{{ loop.index0 }}/{{ loop.first }}/"
                + "{{ loop.last }}/{{ loop.length }}/{{ loop.revindex }}/{{ loop.revindex0 }}:{{ x }}\n{% endfor %}");
        parity("items()", "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}");
        parity("keys() and values()", "{% for k in d.keys() %}{{ k }}{% endfor %} {% for v in d.values() %}{{ v }}{% endfor %}");
        parity("iterating a dict yields keys", "{% for k in d %}{{ k }},{% endfor %}");
        parity("nested loops", "{% for x in xs %}{% for n in nums %}{{ x }}{{ n }}{{ loop.index }} {% endfor %}{% endfor %}");
        parity("range", "{% for i in range(3) %}{{ i }}{% endfor %} {{ range(2, 10, 3) | list }} {{ range(5, 0, -2) | list }}");
        // tests, default and undefined
        parity("is defined", "{% if i is defined %}I{% endif %}{% if nope is not defined %}-N{% endif %} {{ d.zz is defined }}");
        parity("default", "{{ nope | default('x') }} {{ nope | d('y') }} {{ '' | default('z', true) }} {{ d.zz | default('w') }} {{ s | default('v') }}");
        parity("undefined prints empty", "[{{ nope }}]");
        parity("missing key of a dict prints empty", "[{{ d.zz }}] [{{ no_keys.x }}] [{{ d['zz'] }}]");
        parity("attribute of undefined fails", "{{ nope.x }}");
        parity("attribute of a missing key fails", "{{ d.zz.x }}");
        parity("item of undefined fails", "{{ nope['x'] }}");
        parity("undefined attribute tested with is defined fails", "{{ nope.x is defined }}");
        parity("component with no outputs", "{{ components.default }}");
        parity("missing component output fails", "{{ components.default.outputs.Output1 }}");
        // filters
        parity("length", "{{ xs | length }} {{ s | length }} {{ d | length }} {{ xs | count }}");
        parity("tojson", "{{ d | tojson }} {{ xs | tojson }} {{ \"a<b>&'c\" | tojson }} {{ mixed | tojson }} {{ 'é' | tojson }}");
        parity("tojson indent", "{{ d | tojson(indent=2) }}");
        parity("truncate", "{{ long | truncate(10) }}|{{ long | truncate(10, true) }}|{{ long | truncate(12, false, '!') }}"
                + "|{{ 'short' | truncate(3) }}|{{ long | truncate(40) }}|{{ long | truncate(20, leeway=0) }}");
        parity("safe", "{{ '<b>' | safe }}");
        parity("upper lower", "{{ s | upper }} {{ s | lower }}");
        parity("replace", "{{ s | replace('l', 'L') }} {{ s | replace('l', 'L', 1) }}");
        parity("join", "{{ xs | join(', ') }} {{ mixed | join('-') }} {{ nums | join }} {{ d | join('+') }}");
        parity("trim", "[{{ '  pad  ' | trim }}]");
        parity("filter chain", "{{ s | lower | replace(' ', '-') | truncate(20) }}");
        // control flow and expressions
        parity("if elif else", "{% for n in nums %}{% if n == 1 %}one{% elif n == 2 %}two{% else %}many{% endif %} {% endfor %}");
        parity("inline if", "{{ 'yes' if t else 'no' }} {{ 'yes' if fl else 'no' }} [{{ 'x' if fl }}]");
        parity("boolean operators", "{{ t and fl }} {{ t or fl }} {{ not t }} {{ 1 in nums }} {{ 'a' in d }} {{ 'x' not in xs }}");
        parity("comparisons", "{{ i > 40 }} {{ i == 42 }} {{ s != 'x' }}");
        parity("arithmetic", "{{ 7 / 2 }} {{ 4 / 2 }} {{ 7 // 2 }} {{ 7 % 3 }} {{ 2 ** 10 }} {{ 1 + 2 * 3 }} {{ i - 50 }} {{ f * 2 }}");
        parity("string concatenation", "{{ 'a' ~ i ~ t }} {{ s + '!' }}");
        parity("raw", "{% raw %}{{resolve:ssm:/x/y:1}} {% if %}{% endraw %}");
        parity("set", "{% set x = 3 %}{% set ys = [x, 'b'] %}{{ x }} {{ ys }}");
        parity("set block scoping in loops", "{% set total = 0 %}{% for n in nums %}{% set total = total + n %}{% endfor %}{{ total }}");
        parity("literals", "{{ {'a': 1, 'b': [1, 'two', 3.5, true, none]} }} {{ [1, 'a'] }} {{ {'k': {'n': 'v'} } }}");
        parity("printing numbers and booleans", "{{ i }} {{ neg }} {{ big }} {{ f }} {{ whole }} {{ tiny }} {{ huge }} {{ t }} {{ fl }} {{ 1.0 }} {{ 0.1 + 0.2 }}");
        parity("printing lists and dicts", "{{ xs }} {{ mixed }} {{ d }} {{ no_keys }} {{ [quote] }} {{ ['say \"hi\"'] }} {{ ['a\\nb'] }}");
        parity("indexing", "{{ xs[0] }} {{ xs[-1] }} {{ d['a'] }} {{ d.c[1] }} {{ xs[1:] }}");
        parity("macro", "{% macro greet(name, punct='!') %}hi {{ name }}{{ punct }}{% endmacro %}{{ greet('bob') }} {{ greet('al', '?') }}");
        parity("unknown filter fails", "{{ s | no_such_filter }}");
        parity("syntax error fails", "{% if t %}unclosed");
        parity("unknown tag fails", "{% frobnicate %}");
        // Proton filters (AWS Proton user guide, parameter-filters.md)
        parity("ecs env vars", "Environment:\n            {{ outputs | proton_cfn_ecs_task_definition_formatted_env_vars }}\n");
        parity("ecs env vars, expression over two lines as in the user guide", "          Environment:\n            {{ outputs\n              | proton_cfn_ecs_task_definition_formatted_env_vars }}\nnext: 1\n");
        parity("ecs env vars validated", "{{ outputs | proton_cfn_ecs_task_definition_formatted_env_vars(raw=False) }}");
        parity("ecs env vars invalid", "{{ bad_outputs | proton_cfn_ecs_task_definition_formatted_env_vars(raw=False) }}");
        parity("ecs env vars positional raw", "{{ bad_outputs | proton_cfn_ecs_task_definition_formatted_env_vars(False) }}");
        parity("ecs env vars without component", "E:\n  {{ components.default.outputs | proton_cfn_ecs_task_definition_formatted_env_vars }}");
        parity("lambda env vars", "      Variables:\n          {{ outputs | proton_cfn_lambda_function_formatted_env_vars }}\n");
        parity("lambda env vars invalid", "{{ bad_outputs | proton_cfn_lambda_function_formatted_env_vars(raw=False) }}");
        parity("iam policy arns", "      ManagedPolicyArns:\n        - !Ref Base\n        {{ outputs | proton_cfn_iam_policy_arns }}\n");
        parity("sanitize", "{{ valid | proton_cfn_sanitize }} {{ some_arn | proton_cfn_sanitize }}");
        parity("sanitize invalid", "{{ invalid | proton_cfn_sanitize }}");
        // sandbox: jinja2 has no Java, so these must render nothing or fail
        parity("getClass()", "{{ s.getClass() }}");
        parity("forName", "{{ ''.getClass().forName('java.lang.Runtime') }}");
        parity("hashCode()", "{{ d.hashCode() }}");
        parity("bean property of a string", "[{{ s.bytes }}] [{{ s.class }}] [{{ s.blank }}]");
        parity("include", "{% include 'etc/passwd' %}");
        parity("import", "{% import 'x.j2' as x %}");
        parity("extends", "{% extends 'base.j2' %}");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> context() {
        try {
            return JSON.readValue(CONTEXT, new TypeReference<Map<String, Object>>() { });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void renderWithJinja2() {
        expected = Jinja2Oracle.render(CASES);
        renderer = new TemplateRenderer();
    }

    @TestFactory
    Stream<DynamicTest> rendersLikeJinja2() {
        return IntStream.range(0, CASES.size()).mapToObj(i -> DynamicTest.dynamicTest(CASES.get(i).name(),
                () -> expected.get(i).assertSameAs(renderer, CASES.get(i))));
    }
}
