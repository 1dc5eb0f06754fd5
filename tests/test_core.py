"""The library core on its own: ids, dates and the returned object type (docs/rules.md#objects-ids-and-dates)."""
import datetime
import json

import pytest
import ulid

from harness import jvm
from mes.core import dates, errors, ids
from mes.core.objects import MesObject


def test_ids_are_dash_grouped_ulids_that_python_ulid_parses():
    made = ids.new_id()
    groups = made.split("-")
    assert [len(g) for g in groups] == [10, 8, 8]
    parsed = ulid.ULID.from_str(made.replace("-", ""))
    assert str(parsed) == made.replace("-", "")


def test_id_carries_the_creation_timestamp():
    millis = 1741944413589  # 2025-03-14T09:26:53.589Z
    made = ids.new_id(millis)
    assert ulid.ULID.from_str(made.replace("-", "")).milliseconds == millis
    assert ids.timestamp_millis(made) == millis


def test_ids_made_in_one_millisecond_sort_in_creation_order():
    made = [ids.new_id(1741944413589) for _ in range(2000)]
    assert made == sorted(made)
    assert len(set(made)) == 2000


def test_ids_accepted_with_or_without_dashes_in_any_case():
    made = ids.new_id()
    assert ids.normalize_id(made.replace("-", "").lower()) == made
    assert ids.normalize_id(made.lower()) == made
    assert ids.normalize_id("not-an-id") is None
    assert ids.normalize_id(None) is None
    assert ids.normalize_id("81JPAND53PBZ61RZHZV7C6EEHG") is None  # timestamp overflow


def test_documented_example_id_is_accepted():
    assert ids.normalize_id("01JPAND53P-BZ61RZHZ-V7C6EEHG") == "01JPAND53P-BZ61RZHZ-V7C6EEHG"


@pytest.mark.parametrize("given, expected", [
    (1741944413589, 1741944413589),
    ("1741944413589", 1741944413589),
    ("2025-03-14T09:26:53.589Z", 1741944413589),
    ("2025-03-14T10:26:53.589+01:00", 1741944413589),
    ("2025-03-14 09:26:53.589", 1741944413589),
    ("2025-03-14", 1741910400000),
    (datetime.datetime(2025, 3, 14, 9, 26, 53, 589000), 1741944413589),
    (None, None),
])
def test_date_inputs(given, expected):
    assert dates.to_millis(given) == expected


def test_java_date_types_are_accepted():
    Timestamp = jvm.jclass("java.sql.Timestamp")
    Date = jvm.jclass("java.util.Date")
    Instant = jvm.jclass("java.time.Instant")
    assert dates.to_millis(Timestamp(1741944413589)) == 1741944413589
    assert dates.to_millis(Date(1741944413589)) == 1741944413589
    assert dates.to_millis(Instant.ofEpochMilli(1741944413589)) == 1741944413589


def test_dates_print_as_iso_utc_with_milliseconds():
    assert dates.to_iso(1741944413589) == "2025-03-14T09:26:53.589Z"
    assert dates.to_iso(0) == "1970-01-01T00:00:00.000Z"


@pytest.mark.parametrize("bad", ["yesterday", "2025-13-01", True, object()])
def test_bad_dates_give_a_validation_error_naming_the_field(bad):
    with pytest.raises(errors.ValidationError) as caught:
        dates.to_millis(bad, "startDate")
    assert "startDate" in caught.value.errors


def test_objects_are_dicts_with_attributes_json_and_kwargs():
    obj = MesObject(id="01JPAND53P-BZ61RZHZ-V7C6EEHG", name="Lids", quantity=1.5)
    assert obj.id == obj["id"]
    obj.name = "Caps"
    assert obj["name"] == "Caps"
    assert json.loads(str(obj)) == {"id": "01JPAND53P-BZ61RZHZ-V7C6EEHG", "name": "Caps", "quantity": 1.5}

    def save(**kwargs):
        return kwargs

    assert save(**obj) == dict(obj)
    with pytest.raises(AttributeError) as caught:
        obj.missing
    assert "name" in str(caught.value)
