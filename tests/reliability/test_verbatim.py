"""SQL-injection and unicode strings are data (issue 10): stored where they are legal values and read
back verbatim, and the tables they aimed at are intact. A value the library refuses must be refused
with a ValidationError and leave the database unchanged."""
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mes.core import errors

import rel_common
from test_fuzz import INJECTIONS, UNICODE

EXAMPLES = int(os.environ.get("MES_FUZZ_EXAMPLES", "20"))
FIXED = [s for s in INJECTIONS + UNICODE if s.strip() and "/" not in s and "\x00" not in s and len(s) <= 200]


@pytest.fixture(scope="module")
def plant(backend):
    with backend.scratch_datasource() as datasource:
        with rel_common.attach(datasource.jdbc_url, datasource.db_type) as system:
            system.mes.setup.ensureSchema()
            yield system, rel_common.seed(system, with_operations=False)


class Counter(object):
    stored = 0
    refused = 0


def _store_and_read_back(system, ids, value, counter):
    m = system.mes
    # (what to save, how to read it back, the keys that must come back verbatim)
    cases = [
        (lambda: m.location.saveLocation(**dict(m.location.newLocation(), name=value, description=value[:500],
                                                notes=value, parentId=ids["locations"]["Plant"])),
         lambda saved: m.location.getLocation(saved["id"]), ("name", "description", "notes")),
        (lambda: m.material.saveMaterial(**dict(m.material.newMaterial(), name=value, notes=value, spare1=value,
                                                unitOfMeasureId=ids["unit"])),
         lambda saved: m.material.getMaterial(saved["id"]), ("name", "notes", "spare1")),
        (lambda: m.inventory.saveLot(**dict(m.inventory.newLot(), name=value, notes=value,
                                            materialId=ids["material"])),
         lambda saved: m.inventory.getLot(saved["id"]), ("name", "notes")),
        (lambda: m.inventory.receive(**dict(m.inventory.newReceiveRequest(), materialIdOrPath=ids["material"],
                                            lotIdOrName=value, createIfNotExists=True, quantity=1, notes=value,
                                            destinationLocationIdOrPath="Plant/A")),
         lambda saved: m.inventory.getLotByIdOrNameAndMaterial(value, ids["material"]), ("name",)),
    ]
    for save, read, keys in cases:
        before = rel_common.snapshot(system)
        try:
            saved = save()
        except errors.ValidationError:
            counter.refused += 1  # not a legal value here (e.g. a duplicate name): nothing written
            assert rel_common.snapshot(system) == before
            continue
        counter.stored += 1
        found = read(saved)
        for key in keys:
            expected = value[:500] if key == "description" else value
            assert found[key] == expected, (key, value, found[key])
    # the tables the strings aimed at are all still there
    for name in rel_common.table_names():
        system.db.runQuery("SELECT COUNT(*) FROM %s" % name)


@pytest.mark.parametrize("value", FIXED)
def test_fixed_injection_and_unicode_strings_read_back_verbatim(plant, value):
    system, ids = plant
    counter = Counter()
    _store_and_read_back(system, ids, value, counter)
    rel_common.add_figure("verbatim: values stored and read back", counter.stored)


def test_generated_unicode_strings_read_back_verbatim(plant):
    system, ids = plant
    counter = Counter()
    text = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="/"),
                   min_size=1, max_size=60).filter(lambda s: s.strip() == s and s)

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(text)
    def run(value):
        _store_and_read_back(system, ids, value, counter)

    run()
    rel_common.add_figure("verbatim: values stored and read back", counter.stored)
    rel_common.add_figure("verbatim: values refused (ValidationError)", counter.refused)
