"""Throughput of Python jinja2 on the cases RenderBench wrote. Args: cases.json rounds."""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../src/test/resources/render"))
import oracle  # noqa: E402  (same Environment and Proton filters the parity tests use)


def main():
    cases = json.load(open(sys.argv[1]))
    rounds = int(sys.argv[2])
    env = oracle.environment()
    compiled = [(env.from_string(oracle.mark_columns(case["template"])), case["context"]) for case in cases]
    for template, context in compiled * 20:  # warm up
        template.render(context)
    start = time.perf_counter()
    characters = 0
    for _ in range(rounds):
        for template, context in compiled:
            characters += len(template.render(context))
    seconds = time.perf_counter() - start
    renders = rounds * len(compiled)
    print("jinja2: %d renders in %.2f s = %.0f renders/s (%d chars)" % (renders, seconds, renders / seconds, characters))


if __name__ == "__main__":
    main()
