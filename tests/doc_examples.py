"""Run the code examples of the reference product's documentation pages verbatim.

The pages live beside the project in ../shared/reference/tamaki-docs (they are the reference's
text, so the project reads them rather than copying them); MES_REFERENCE_DOCS names another folder
for them. A test creates the objects an example names, with the ids it names, then runs every
```python block of the page unchanged with the harness's `system` and checks what it printed.

Without the pages those tests skip; tests/conftest.py counts them into one summary line.
"""
import contextlib
import io
import json
import os
import re

import pytest

DOCS_ROOT_VARIABLE = "MES_REFERENCE_DOCS"
DEFAULT_DOCS_ROOT = os.path.join("..", "shared", "reference", "tamaki-docs")
_REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS_ROOT = os.path.abspath(os.environ.get(DOCS_ROOT_VARIABLE) or os.path.join(_REPO, DEFAULT_DOCS_ROOT))
SCRIPT_API = os.path.join(DOCS_ROOT, "appendix", "script-api")
SEEDS = os.path.join(DOCS_ROOT, os.pardir, os.pardir, "seeds")
_BLOCK = re.compile(r"```python\n(.*?)```", re.S)
# Every skip for a missing reference page or seed starts so (conftest.py folds them into one line).
MISSING_PAGE = "reference page not found: "


def is_reference_skip(reason):
    """True for the skip of a test whose reference page or seed is missing.

    Args:
        reason: a skip's reason text (pytest may prefix it with 'Skipped: ').
    """
    reason = reason[len("Skipped: "):] if reason.startswith("Skipped: ") else reason
    if reason.startswith(MISSING_PAGE):
        return True
    # Older skips of the example tests name the missing page or seed by its path.
    roots = (DOCS_ROOT, os.path.abspath(SEEDS))
    return "not found" in reason and any(root in reason for root in roots)


def skip_missing(path):
    """Skip the running test because the reference page or seed at path is missing."""
    pytest.skip(MISSING_PAGE + path)


def page_path(relative):
    """A page under appendix/script-api, e.g. 'location-script-api/save-location.md'."""
    return os.path.join(SCRIPT_API, relative)


def code_blocks(path):
    if not os.path.isfile(path):
        skip_missing(path)
    with io.open(path, encoding="utf-8") as handle:
        text = handle.read()
    # Only the examples: the Syntax section's block names parameters, not values.
    example = re.split(r"^## (?:Code Examples?|Example Usage)\s*$", text, 1, flags=re.M)[-1]
    return [b for b in _BLOCK.findall(example) if "system.mes" in b]


def run_page(system, path, extra_globals=None):
    """Run every example block of a page; returns what it printed. Fails if the page has none."""
    blocks = code_blocks(path)
    assert blocks, "no python example on %s" % path
    out = io.StringIO()
    scope = {"system": system, "__name__": "__doc_example__"}
    scope.update(extra_globals or {})
    with contextlib.redirect_stdout(out):
        for block in blocks:
            exec(compile(block, path, "exec"), scope)
    return out.getvalue()


def json_values(printed):
    """Every line of the output that is a JSON object or list, decoded."""
    found = []
    for line in printed.splitlines():
        line = line.strip()
        if line[:1] in "[{":
            try:
                found.append(json.loads(line))
            except ValueError:
                pass
    return found


def assert_prints_json(printed):
    values = json_values(printed)
    assert values, "the example printed no JSON:\n" + printed
    return values
