"""The project's rules documents are self-contained and honest.

- every `tests/test_x.py::test_y` a document under docs/ names exists (found by parsing the test
  files, no pytest run);
- no file of the repository points at rule documents that live outside it (a rules file beside
  the project, or numbered rules defined nowhere in the repository);
- every `docs/<file>.md#anchor` cited anywhere (code comments, docs) is a heading of that file.
"""
from __future__ import absolute_import

import ast
import io
import os
import re
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(ROOT, "docs")

# Rules documents owned by other engineers and being written in parallel. A citation of one of
# these files is tolerated while the file does not exist yet; once it exists its anchors are checked.
DOCS_BEING_WRITTEN = ("faults.md", "limits.md", "expressions.md", "permissions.md", "queries.md",
                      "interchange.md", "recall.md")

# Files outside this branch's room that still carry outside citations until the branches doing
# their rewrite are merged: the library's comments (library branch) and the README's Rules
# section (the lead). Each entry must still need its exemption: a stale entry fails the test, so
# the list shrinks to nothing once the merges are in.
PENDING_REWRITE = ("jython_lib/",)

# Built from parts so this file does not match its own patterns.
_OUTSIDE_FILES = ("shared" + "/spec", "decisions" + ".md", "behaviour" + ".md")
_RULE_NUMBER = re.compile(r"\b" + "D" + r"\d+\b")
_TEST_NAME = re.compile(r"tests/([\w/]+\.py)::(\w+)")
_DOCS_ANCHOR = re.compile(r"docs/([\w-]+\.md)#([\w-]+)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def _repository_files():
    listed = subprocess.check_output(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                                     cwd=ROOT).decode("utf-8").splitlines()
    return sorted(path for path in set(listed) if os.path.isfile(os.path.join(ROOT, path)))


def _text(path):
    with io.open(os.path.join(ROOT, path), "rb") as handle:
        data = handle.read()
    if b"\0" in data:
        return None  # a binary file (a plot)
    return data.decode("utf-8", "replace")


def _docs_files():
    if not os.path.isdir(DOCS):
        return []
    return sorted(name for name in os.listdir(DOCS) if name.endswith(".md"))


def github_anchor(heading):
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to dashes."""
    text = re.sub(r"[`*_\[\]()]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text, flags=re.U)
    return text.replace(" ", "-")


def anchors_of(doc_name):
    """The anchors of every heading in docs/<doc_name>."""
    with io.open(os.path.join(DOCS, doc_name), encoding="utf-8") as handle:
        return set(github_anchor(h) for h in _HEADING.findall(handle.read()))


def defined_tests(relative_path):
    """Names of the test functions (module level and in Test classes) of a test file."""
    path = os.path.join(ROOT, "tests", relative_path)
    if not os.path.isfile(path):
        return set()
    with io.open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            names.add(node.name)
    return names


def _outside_citations(text):
    found = [marker for marker in _OUTSIDE_FILES if marker in text]
    found.extend(sorted(set(_RULE_NUMBER.findall(text))))
    return found


def test_github_anchor_matches_githubs_rule():
    assert github_anchor("Objects, ids and dates") == "objects-ids-and-dates"
    assert github_anchor("Storable versus ready to run") == "storable-versus-ready-to-run"
    assert github_anchor("`tick()` and the timer") == "tick-and-the-timer"


def test_rules_document_has_the_sections_the_code_cites():
    expected = {"surface-and-names", "objects-ids-and-dates", "errors-and-atomicity", "the-ledger",
                "locations-storage-and-units", "inventory-operation-runtime", "triggers", "permissions",
                "storable-versus-ready-to-run"}
    assert expected <= anchors_of("rules.md")


@pytest.mark.parametrize("doc_name", _docs_files() or ["rules.md"])
def test_every_test_a_document_names_exists(doc_name):
    with io.open(os.path.join(DOCS, doc_name), encoding="utf-8") as handle:
        named = _TEST_NAME.findall(handle.read())
    missing = ["tests/%s::%s" % (path, name) for path, name in named if name not in defined_tests(path)]
    assert missing == [], "docs/%s names tests that do not exist: %s" % (doc_name, missing)


def test_rules_document_proves_its_rules_with_tests():
    with io.open(os.path.join(DOCS, "rules.md"), encoding="utf-8") as handle:
        text = handle.read()
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    unproven = [s.splitlines()[0] for s in sections
                if not s.startswith("Other rules") and not _TEST_NAME.search(s)]
    assert unproven == [], "sections of docs/rules.md that name no test: %s" % unproven


def test_no_file_cites_rule_documents_outside_the_repository():
    offenders = {}
    for path in _repository_files():
        if path.startswith(PENDING_REWRITE):
            continue
        text = _text(path)
        found = _outside_citations(text) if text is not None else []
        if found:
            offenders[path] = found
    assert offenders == {}, ("these files cite rules that live outside the repository; cite docs/*.md "
                             "or state the rule in one line instead: %s" % offenders)


def test_pending_exemptions_are_still_needed():
    files = _repository_files()
    stale = [prefix for prefix in PENDING_REWRITE
             if not any(_outside_citations(_text(p) or "") for p in files if p.startswith(prefix))]
    assert stale == [], "no longer carries outside citations; remove from PENDING_REWRITE: %s" % stale


def test_every_cited_docs_anchor_is_a_heading():
    docs = set(_docs_files())
    broken = []
    for path in _repository_files():
        text = _text(path)
        for doc_name, anchor in _DOCS_ANCHOR.findall(text or ""):
            if doc_name not in docs:
                if doc_name not in DOCS_BEING_WRITTEN:
                    broken.append("%s cites docs/%s, which does not exist" % (path, doc_name))
            elif anchor not in anchors_of(doc_name):
                broken.append("%s cites docs/%s#%s, not a heading there" % (path, doc_name, anchor))
    assert broken == [], "\n".join(broken)


@pytest.mark.parametrize("doc_name", _docs_files() or ["rules.md"])
def test_links_inside_a_document_reach_its_headings(doc_name):
    with io.open(os.path.join(DOCS, doc_name), encoding="utf-8") as handle:
        links = re.findall(r"\]\(#([\w-]+)\)", handle.read())
    broken = sorted(set(links) - anchors_of(doc_name))
    assert broken == [], "docs/%s links to headings it does not have: %s" % (doc_name, broken)
