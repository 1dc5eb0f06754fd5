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


def test_milliseconds_pass_straight_through_but_booleans_and_years_outside_1_to_9999_are_refused():
    # to_millis takes a whole number without its type tests: the range check and the bool refusal
    # must still hold on that path.
    assert dates.to_millis(1741944413589) == 1741944413589
    assert dates.to_millis(dates.MAX_MILLIS) == dates.MAX_MILLIS
    for refused, says in ((True, "not a boolean"), (dates.MAX_MILLIS + 1, "outside the years 1 to 9999"),
                          (dates.MIN_MILLIS - 1, "outside the years 1 to 9999")):
        with pytest.raises(errors.ValidationError) as caught:
            dates.to_millis(refused, "endDate")
        assert says in str(caught.value) and "endDate" in str(caught.value)


def test_dates_print_as_iso_utc_with_milliseconds():
    assert dates.to_iso(1741944413589) == "2025-03-14T09:26:53.589Z"
    assert dates.to_iso(0) == "1970-01-01T00:00:00.000Z"


def test_dates_print_and_parse_as_python_datetime_does_over_the_whole_range():
    # The calendar is integer arithmetic (Jython runs datetime as slow Python code): every moment
    # from year 1 to 9999 must print as datetime prints it, and read back to the same millis.
    epoch = datetime.datetime(1970, 1, 1)
    rng = __import__("random").Random(15)
    edges = [dates.MIN_MILLIS, dates.MAX_MILLIS, 0, -1, 951782400000, 951868800000, 4107542400000,
             -2203891200000]  # 2000-02-29, 2000-03-01, 2100-03-01 (no 29th), 1900-03-01
    for millis in edges + [rng.randint(dates.MIN_MILLIS, dates.MAX_MILLIS) for _ in range(20000)]:
        moment = epoch + datetime.timedelta(milliseconds=millis)
        expected = moment.strftime("%Y-%m-%dT%H:%M:%S.") if moment.year >= 1000 else None
        text = dates.to_iso(millis)
        if expected:
            assert text == expected + "%03dZ" % (moment.microsecond // 1000)
        assert dates.iso_to_millis(text) == millis


@pytest.mark.parametrize("impossible", ["2025-02-29", "2100-02-29", "2024-04-31", "2025-00-10", "0000-01-01",
                                        "2025-01-01T24:00", "2025-01-01T10:60", "2025-01-01T10:00:60"])
def test_impossible_calendar_dates_are_not_dates(impossible):
    assert dates.iso_to_millis(impossible) is None
    with pytest.raises(errors.ValidationError):
        dates.to_millis(impossible, "startDate")


def test_a_date_beyond_year_9999_does_not_print():
    with pytest.raises(OverflowError):
        dates.to_iso(dates.MAX_MILLIS + 1)


def test_ids_normalised_again_give_the_same_answer():
    made = ids.new_id()
    sloppy = made.lower().replace("-", "")
    assert ids.normalize_id(sloppy) == made and ids.normalize_id(sloppy) == made
    assert ids.normalize_id(made) == made
    assert ids.normalize_id("not-an-id") is None and ids.normalize_id("not-an-id") is None


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
