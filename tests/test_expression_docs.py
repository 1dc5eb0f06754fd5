"""docs/expressions.md lists exactly the functions the evaluator knows."""
import os
import re

from mes.expression import api, registry

_DOC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs", "expressions.md")


def _listed():
    text = open(_DOC).read()
    section = text.split("## Supported functions", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("- **") or line.startswith("  "):
            names.update(n for n in re.findall(r"`([A-Za-z0-9]+)[`(]", line))
    return names


def test_docs_list_every_function():
    known = set(api.function_names())
    listed = _listed()
    aliases = set(name for name in listed if registry.lookup(name) is not None and registry.lookup(name).name != name)
    assert known - listed == set(), "functions missing from docs/expressions.md"
    assert listed - known - aliases == set(), "docs/expressions.md lists unknown functions"
