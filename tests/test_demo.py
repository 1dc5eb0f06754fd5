"""`build.py demo` (tools/demo.py): a short shift, run in-process into a temporary folder.

The demo opens its own fake gateway on embedded SQLite (whatever MES_TEST_DB says), so this test
needs no fixture; one shift is simulated for the whole module and each test checks one promise.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools"))

import demo  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("demo"))
    said = []
    result = demo.main(out, shift_minutes=20, tick_ms=1000, say=said.append)
    result["said"] = said
    return result


def test_the_ledger_audit_is_clean_and_nothing_faulted(run):
    assert run["audit"] == []
    assert run["faults"] == []
    assert "Ledger audit: clean" in run["text"]


def test_the_command_line_exits_zero_and_prints_both_paths(tmp_path, capsys):
    assert demo.cli(["--out", str(tmp_path), "--shift-minutes", "10", "--tick-ms", "2000"]) == 0
    printed = capsys.readouterr().out
    assert "report:  %s" % os.path.join(str(tmp_path), "report.txt") in printed
    assert "picture: %s" % os.path.join(str(tmp_path), "genealogy.svg") in printed


def test_the_report_names_each_location_and_is_written_to_a_file(run):
    with open(run["report_path"]) as handle:
        written = handle.read()
    assert written == run["text"]
    for path in demo.LOCATIONS:
        assert path in written, "the report does not name %s" % path
    assert "Inventory per location" in written
    assert "Lot history of %s" % run["lots"][0] in written
    assert any("RUNNING" in line and "Count" in line for line in run["said"]), "no progress lines were shown"


def test_the_picture_has_one_node_per_lot_of_the_trace(run):
    assert os.path.basename(run["svg_path"]) == "genealogy.svg" and os.path.getsize(run["svg_path"]) > 0
    root = ET.parse(run["svg_path"]).getroot()
    assert root.tag == SVG + "svg"
    boxes = [g for g in root.iter(SVG + "g") if g.get("class") == "node"]
    titles = sorted(g.find(SVG + "text").text for g in boxes)
    lot_a, lot_b = run["lots"]
    # OUTPUT from the milk lot and INPUT from the first case lot: farm lot -> tanker lot -> bottle
    # lots -> case lots.
    expected = sorted(["GF-7781", run["milk_lot"], lot_a, lot_b, lot_a + "-CS", lot_b + "-CS"])
    assert titles == expected
    assert sorted(n["title"] for n in run["nodes"]) == expected
    arrows = [p for p in root.iter(SVG + "path") if p.get("class") == "edge"]
    assert len(arrows) == len(run["edges"]) == 5


def test_the_counter_wrapped_and_every_counted_bottle_was_produced(run):
    assert run["wraps"] >= 1
    # DELTA with the overflow value counted across the wrap: the PRODUCE records add up to exactly
    # what the simulated PLC counted, and the production order counted the same.
    assert run["bottles_counted"] > 0
    assert run["produced"] == run["bottles_counted"]
    assert run["order"].quantityProduced == run["produced"]


# -- the report explains its figures ------------------------------------------------------------------

def _section(text, heading):
    """The lines of the report from the one starting with heading to the next blank line."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    end = lines.index("", start)
    return lines[start:end]


def _figure(lines, label):
    """The number after label (e.g. 'lifetime total') in lines."""
    match = re.search(r"%s\s+([0-9.]+) ea" % label, "\n".join(lines))
    assert match, "no '%s' figure in:\n%s" % (label, "\n".join(lines))
    return float(match.group(1))


def test_the_lot_history_says_lifetime_total_and_on_hand_apart(run):
    lot = run["lots"][0]
    history = _section(run["text"], "Lot history of %s" % lot)
    # The lifetime total is what was ever produced into the lot: its PRODUCE rows in bottles.
    produced = sum(float(row.split()[4]) for row in history if " PRODUCE " in row and row.split()[5] == "ea")
    assert _figure(history, "lifetime total") == produced > 0
    assert "consuming, scrapping and moving do not lower it" in "\n".join(history)
    # On hand is what the inventory section lists for the lot, wherever it is.
    inventory = _section(run["text"], "Inventory per location")
    held = sum(float(row.split()[-2]) for row in inventory if row.split()[:1] == [lot])
    assert _figure(history, "on hand now") == held
    assert held < produced


def test_the_progress_columns_are_explained_before_the_first_progress_line(run):
    first = next(i for i, line in enumerate(run["said"]) if "Count" in line and "records" in line
                 and line.strip()[:2].isdigit())
    legend = " ".join(run["said"][:first])
    for explained in ("the Running tag", "Count = the PLC's", "'wrapped' = how often", "lot = the LotCode tag",
                      "run = bottles made since the line last started", "ops = status of the inventory operation",
                      "records = lot", "'<-' marks an event"):
        assert explained in legend, explained
    assert sum("Each line below" in line for line in run["said"]) == 1


def test_the_supplier_lot_is_explained(run):
    farm_lot = run["farm_lot"]
    genealogy = "\n".join(_section(run["text"], "Lot genealogy"))
    assert "%s is %s's own lot number for the milk in tanker %s" % (farm_lot, demo.FARM, run["milk_lot"]) in genealogy
    assert "lifetime total' is everything ever produced or received into that lot, not what is" in genealogy
    assert farm_lot in [n["title"] for n in run["nodes"]]
    box = next(n for n in run["nodes"] if n["title"] == farm_lot)
    assert "supplier's lot number" in box["lines"]


def test_the_genealogy_heading_is_plain_words(run):
    lot_a = run["lots"][0]
    heading = "Lot genealogy: where the milk of tanker lot %s went, and what went into case lot %s-CS" % (
        run["milk_lot"], lot_a)
    root = ET.parse(run["svg_path"]).getroot()
    texts = [t.text for t in root.iter(SVG + "text")]
    assert texts[0] == heading
    subtitle = [t.text for t in root.iter(SVG + "text") if t.get("class") == "subtitle"]
    assert subtitle and "from the lot that gave material to the lot that received it" in subtitle[0]
    assert heading in run["text"]
    for jargon in ("OUTPUT from", "INPUT from"):
        assert jargon not in run["text"] and not [t for t in texts if t and jargon in t]


def test_the_recall_after_the_shift_reports_the_exposure_and_the_held_lots(run):
    lot_a, lot_b = run["lots"]
    text = run["text"]
    assert "Recall after the shift" in text and "the lab finds tanker lot %s contaminated" % run["milk_lot"] in text
    exposed = sorted(lot.lotName for lot in run["exposure"].lots)
    assert exposed == sorted([run["milk_lot"], lot_a, lot_b, lot_a + "-CS", lot_b + "-CS"])
    for name in exposed:
        assert "  %s  " % name in text
    # Everything made from the tanker is held; the farm's lot upstream is not.
    assert sorted(c.lotName for c in run["held"].changed) == exposed
    assert "Held (holdExposure, status QA_HOLD" in text and "GF-7781" not in text.split("Recall after the shift")[1]
    # What already left the plant: the cases shipped before the lab result.
    shipped = [s for lot in run["exposure"].lots for s in lot.shipped]
    assert len(shipped) == 1 and shipped[0].quantity > 0
    cases = [t for t in run["exposure"].totals if t.materialPath == demo.CASE][0]
    assert cases.shipped == shipped[0].quantity and cases.unitOfMeasureSymbol == "cs"
    assert "Ledger audit after the recall: clean" in text


def test_the_picture_marks_the_held_lots(run):
    root = ET.parse(run["svg_path"]).getroot()
    marked = sorted(g.find(SVG + "text").text for g in root.iter(SVG + "g") if g.get("class") == "node"
                    and any(child.get("class") == "held" for child in g))
    assert marked == sorted(lot.lotName for lot in run["exposure"].lots)
    assert "GF-7781" not in marked
    assert any("put on hold by the recall" == t.text for t in root.iter(SVG + "text"))
