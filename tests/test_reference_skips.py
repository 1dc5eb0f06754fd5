"""Without the reference pages, the reference-example tests skip, and the test summary says so in
one line (tests/conftest.py) instead of one 'SKIPPED' line per page.

Each test runs pytest on a small folder of its own, with this project's conftest.py loaded as a
plugin and MES_REFERENCE_DOCS naming a folder that holds no pages (or, once, the real one).
"""
import os
import subprocess
import sys

import doc_examples

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = os.path.join(REPO, "tests")

PAGES_TEST = '''
import pytest
import doc_examples

@pytest.mark.parametrize("page", ["location-script-api/a.md", "location-script-api/b.md",
                                  "material-script-api/c.md"])
def test_example(page):
    doc_examples.code_blocks(doc_examples.page_path(page))

def test_seed():
    doc_examples.code_blocks(doc_examples.SEEDS + "/000.txt")

def test_not_wired_yet():
    pytest.skip("system.mes.something is not wired yet")

def test_passes():
    assert True
'''


def _pytest(folder, docs_root):
    env = dict(os.environ, MES_REFERENCE_DOCS=str(docs_root),
               PYTHONPATH=os.pathsep.join([TESTS, REPO, os.path.join(REPO, "jython_lib")]))
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "-p", "conftest",
                             "--rootdir", str(folder), "-c", os.devnull, str(folder)],
                            cwd=str(folder), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            universal_newlines=True)
    return result.returncode, result.stdout


def _reference_lines(output):
    return [line for line in output.splitlines() if line.startswith("reference examples:")]


def test_missing_pages_give_one_summary_line_and_stay_skips(tmp_path):
    (tmp_path / "test_pages.py").write_text(PAGES_TEST)
    missing = tmp_path / "no-docs-here"
    code, output = _pytest(tmp_path, missing)
    assert code == 0, output
    lines = _reference_lines(output)
    assert len(lines) == 1, output
    line = lines[0]
    assert "4 tests skipped" in line                     # how many
    assert str(missing) in line                          # why: where the pages were looked for
    assert "../shared/reference/tamaki-docs" in line and "MES_REFERENCE_DOCS" in line   # how to run them
    # No 'SKIPPED' line per page; a skip of another kind keeps its own line.
    skipped_lines = [l for l in output.splitlines() if l.startswith("SKIPPED")]
    assert len(skipped_lines) == 1 and "not wired yet" in skipped_lines[0], output
    # Still skips: the final counts include them, none of them passed.
    assert "1 passed, 5 skipped" in output, output


def test_no_summary_line_when_nothing_skipped_for_a_page(tmp_path):
    (tmp_path / "test_plain.py").write_text("def test_passes():\n    assert True\n")
    code, output = _pytest(tmp_path, tmp_path / "no-docs-here")
    assert code == 0, output
    assert _reference_lines(output) == []
    assert "1 passed" in output


def test_only_missing_page_skips_count_as_reference_skips():
    assert doc_examples.is_reference_skip("Skipped: " + doc_examples.MISSING_PAGE + "/x/y.md")
    assert doc_examples.is_reference_skip("reference page %s not found" % doc_examples.page_path("a/b.md"))
    assert not doc_examples.is_reference_skip("Skipped: system.mes.x is not wired yet")
    assert not doc_examples.is_reference_skip("Skipped: MES_TEST_DB=postgres needs MES_TEST_POSTGRES_URL")
