package dev.pave.render;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Jinja filters AWS Proton adds for CloudFormation templates (user guide, "Parameter filters").
 * The three formatting filters emit block YAML; lines after the first are indented to the column where the
 * {@code {{ }}} starts, so the fragment lines up with the YAML around it, as in the guide's examples.
 */
final class ProtonFilters {

    static final Pattern SAFE_VALUE = Pattern.compile("^[a-zA-Z0-9_-]*$");
    static final Pattern ARN = Pattern.compile("^arn:[a-zA-Z0-9-]+:[a-zA-Z0-9-]+:[a-zA-Z0-9-]*:[a-zA-Z0-9-]*:\\S+$");
    static final Pattern IAM_POLICY_ARN = Pattern.compile("^arn:[a-zA-Z-]+:iam::\\d{12}:policy/");

    private ProtonFilters() {
    }

    static List<Filter> all() {
        return List.of(
                new Formatting("proton_cfn_ecs_task_definition_formatted_env_vars") {
                    @Override
                    List<String> lines(String key, String value) {
                        return List.of("- Name: " + key, "  Value: " + value);
                    }
                },
                new Formatting("proton_cfn_lambda_function_formatted_env_vars") {
                    @Override
                    List<String> lines(String key, String value) {
                        return List.of(key + ": " + value);
                    }
                },
                new IamPolicyArns(),
                new Sanitize());
    }

    private static String indented(List<String> lines) {
        return String.join("\n" + " ".repeat(RenderSession.current().column()), lines);
    }

    /** dict → YAML lines per entry; with raw=False every value must match {@link #SAFE_VALUE}. */
    private abstract static class Formatting implements Filter {

        private final String name;

        Formatting(String name) {
            this.name = name;
        }

        abstract List<String> lines(String key, String value);

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object raw = kwargs.getOrDefault("raw", args.length > 0 ? args[0] : Boolean.TRUE);
            boolean validate = !Jinja2Filters.truthy(raw);
            List<String> lines = new ArrayList<>();
            if (var instanceof Map<?, ?> outputs) {
                outputs.forEach((key, value) -> {
                    String text = PythonValues.str(value);
                    if (validate && !SAFE_VALUE.matcher(text).matches()) {
                        throw new TemplateFailure("Illegal character(s) detected in \"" + text
                                + "\". Must match regex ^[a-zA-Z0-9_-]*$", null);
                    }
                    lines.addAll(lines(PythonValues.str(key), text));
                });
            }
            return indented(lines);
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return filter(var, interpreter, args, Map.of());
        }
    }

    /** dict → YAML list of the values that are IAM policy ARNs. */
    private static final class IamPolicyArns implements Filter {

        @Override
        public String getName() {
            return "proton_cfn_iam_policy_arns";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            List<String> lines = new ArrayList<>();
            if (var instanceof Map<?, ?> outputs) {
                for (Object value : outputs.values()) {
                    String text = PythonValues.str(value);
                    if (IAM_POLICY_ARN.matcher(text).find()) {
                        lines.add("- " + text);
                    }
                }
            }
            return indented(lines);
        }
    }

    /** string → the same string, if it is plain ([a-zA-Z0-9_-]) or an ARN; anything else fails the render. */
    private static final class Sanitize implements Filter {

        @Override
        public String getName() {
            return "proton_cfn_sanitize";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            String text = var == null ? "" : PythonValues.str(var);
            if (!SAFE_VALUE.matcher(text).matches() && !ARN.matcher(text).matches()) {
                throw new TemplateFailure("Illegal character(s) detected in \"" + text
                        + "\". Must match regex ^[a-zA-Z0-9_-]*$ or be a valid ARN", null);
            }
            return text;
        }
    }
}
