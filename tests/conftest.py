import pytest

import doc_examples  # tests/ is on sys.path (pytest puts a conftest.py's folder there)

pytest_plugins = ["harness.pytest_plugin"]


@pytest.fixture
def audited(system):
    """The `system` fixture, plus a check after the test that the ledger audit is clean: every
    inventory balance equals what the records that moved inventory add up to (docs/rules.md#the-ledger).
    Ledger test modules use it for every test (pytestmark = pytest.mark.usefixtures('audited'))."""
    yield system
    differences = system.mes.inventory.auditInventoryLedger()
    assert differences == [], "the ledger audit found differences after the test: %s" % differences


# -- the reference-example tests that skip because the pages are missing --------------------------

REFERENCE_SUMMARY = "reference examples:"


def _skip_reason(report):
    longrepr = report.longrepr
    return longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)


def reference_summary_line(count):
    """The one line that replaces a 'SKIPPED' line per reference-example test."""
    return ("%s %d test%s skipped: the reference product's pages are not at %s; to run them, put the "
            "pages at %s (relative to the project folder) or name their folder in %s"
            % (REFERENCE_SUMMARY, count, "" if count == 1 else "s", doc_examples.DOCS_ROOT,
               doc_examples.DEFAULT_DOCS_ROOT.replace("\\", "/"), doc_examples.DOCS_ROOT_VARIABLE))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter):
    # Around the terminal reporter's own summary: its short summary ('-rs') would print one
    # SKIPPED line per missing page (about 100 in a clone). They are hidden from it, then put back
    # so the final counts still include them as skips, and one line says how many, why and what
    # to do.
    stats = terminalreporter.stats
    skipped = stats.get("skipped", [])
    reference = [r for r in skipped if doc_examples.is_reference_skip(_skip_reason(r))]
    if reference:
        stats["skipped"] = [r for r in skipped if r not in reference]
    try:
        return (yield)
    finally:
        if reference:
            stats["skipped"] = skipped
            terminalreporter.write_line(reference_summary_line(len(reference)))
