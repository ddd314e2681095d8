"""Reference renderer for Pave's parity tests: Python jinja2 as AWS Proton uses it.

Reads a JSON list of {"template": str, "context": dict} from stdin and prints a JSON list with, per case,
{"output": str} or {"error": "ExceptionType: message"}. The Proton filters below follow the AWS Proton user
guide, "Parameter filters for CloudFormation IaC files" (parameter-filters.md).
"""
import json
import re
import sys

import jinja2

SAFE_VALUE = re.compile(r"^[a-zA-Z0-9_-]*$")
ARN = re.compile(r"^arn:[a-zA-Z0-9-]+:[a-zA-Z0-9-]+:[a-zA-Z0-9-]*:[a-zA-Z0-9-]*:\S+$")
IAM_POLICY_ARN = re.compile(r"^arn:[a-zA-Z-]+:iam::\d{12}:policy/")
FORMATTING_FILTERS = ("proton_cfn_ecs_task_definition_formatted_env_vars",
                      "proton_cfn_lambda_function_formatted_env_vars",
                      "proton_cfn_iam_policy_arns")


class ProtonFilterError(Exception):
    pass


class AtColumn:
    """A value together with the column of the {{ that prints it, so multi-line YAML can be indented."""

    def __init__(self, value, column):
        self.value = value
        self.column = column


def mark_columns(source):
    """Insert `| _at_column(N)` before each formatting filter, N being the column of the enclosing {{."""
    def rewrite(match):
        start = match.start()
        column = start - (source.rfind("\n", 0, start) + 1)
        names = "|".join(FORMATTING_FILTERS)
        return re.sub(r"\|\s*(" + names + r")\b", r"| _at_column(%d) | \1" % column, match.group(0))
    return re.sub(r"\{\{.*?\}\}", rewrite, source, flags=re.S)


def _entries(marked):
    value = marked.value
    return [] if isinstance(value, jinja2.Undefined) or value is None else list(value.items())


def _block(lines, marked):
    return ("\n" + " " * marked.column).join(lines)


def _check(value):
    if not SAFE_VALUE.match(value):
        raise ProtonFilterError('Illegal character(s) detected in "%s". Must match regex ^[a-zA-Z0-9_-]*$' % value)


def ecs_env_vars(marked, raw=True):
    lines = []
    for key, value in _entries(marked):
        if not raw:
            _check(str(value))
        lines += ["- Name: %s" % key, "  Value: %s" % value]
    return _block(lines, marked)


def lambda_env_vars(marked, raw=True):
    lines = []
    for key, value in _entries(marked):
        if not raw:
            _check(str(value))
        lines.append("%s: %s" % (key, value))
    return _block(lines, marked)


def iam_policy_arns(marked):
    return _block(["- %s" % value for _, value in _entries(marked) if IAM_POLICY_ARN.match(str(value))], marked)


def sanitize(value):
    text = str(value)
    if not SAFE_VALUE.match(text) and not ARN.match(text):
        raise ProtonFilterError(
            'Illegal character(s) detected in "%s". Must match regex ^[a-zA-Z0-9_-]*$ or be a valid ARN' % text)
    return text


def environment():
    env = jinja2.Environment()
    env.filters.update({
        "_at_column": lambda value, column: AtColumn(value, column),
        "proton_cfn_ecs_task_definition_formatted_env_vars": ecs_env_vars,
        "proton_cfn_lambda_function_formatted_env_vars": lambda_env_vars,
        "proton_cfn_iam_policy_arns": iam_policy_arns,
        "proton_cfn_sanitize": sanitize,
    })
    return env


def render(env, case):
    try:
        return {"output": env.from_string(mark_columns(case["template"])).render(case["context"])}
    except Exception as error:  # every failure is a result the Java side must match
        return {"error": "%s: %s" % (type(error).__name__, error)}


def main():
    sys.setrecursionlimit(1000)
    env = environment()
    cases = json.load(sys.stdin)
    json.dump([render(env, case) for case in cases], sys.stdout)


if __name__ == "__main__":
    main()
