"""The non-database fakes behave like Ignition: clock, system.date, system.tag, system.util,
system.security."""
import threading

import pytest


from harness.portable import tag as system_tag
from harness.clock import Clock
from harness.jvm import jclass
from harness.portable.date import SystemDate
from harness.portable.security import SystemSecurity
from harness.portable.tag import QualifiedValue, QualityCode, SystemTag
from harness.portable.util import JSONException, SystemUtil

T0 = 1700000000000  # 2023-11-14 22:13:20 UTC


@pytest.fixture
def clock():
    return Clock(T0)


@pytest.fixture
def date(clock):
    return SystemDate(clock)


@pytest.fixture
def tag(clock):
    return SystemTag(clock)


@pytest.fixture
def util(clock):
    return SystemUtil(clock)


# -- clock ---------------------------------------------------------------------------------------


def test_frozen_clock_moves_only_when_told(clock):
    assert clock.now_millis() == T0
    assert clock.now_millis() == T0
    clock.advance(1500)
    assert clock.now_millis() == T0 + 1500
    clock.advance_seconds(2.5)
    assert clock.now_millis() == T0 + 4000
    clock.set(42)
    assert clock.now_millis() == 42


def test_frozen_clock_without_start_uses_wall_time():
    import time
    before = int(time.time() * 1000)
    assert abs(Clock().now_millis() - before) < 5000


def test_running_clock_follows_wall_time_plus_offset():
    import time
    clock = Clock(frozen=False)
    wall = int(time.time() * 1000)
    clock.advance_seconds(3600)
    assert 3600000 <= clock.now_millis() - wall < 3600000 + 5000
    clock.set(1000)
    assert 1000 <= clock.now_millis() < 1000 + 5000


def test_clock_advance_is_thread_safe(clock):
    threads = [threading.Thread(target=lambda: [clock.advance(1) for _ in range(1000)])
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert clock.now_millis() == T0 + 8000


# -- system.date ---------------------------------------------------------------------------------


def test_now_is_a_java_date_from_the_clock(date, clock):
    now = date.now()
    assert isinstance(now, jclass("java.util.Date"))
    assert date.toMillis(now) == T0
    clock.advance(250)
    assert date.toMillis(date.now()) == T0 + 250


def test_from_millis_round_trips(date):
    value = date.fromMillis(T0)
    assert isinstance(value, jclass("java.util.Date"))
    assert date.toMillis(value) == T0
    assert date.toMillis(jclass("java.sql.Timestamp")(T0)) == T0


def test_add_and_between(date):
    start = date.fromMillis(T0)
    assert date.toMillis(date.addMillis(start, 5)) == T0 + 5
    assert date.toMillis(date.addSeconds(start, 90)) == T0 + 90000
    assert date.toMillis(date.addMinutes(start, 2)) == T0 + 120000
    assert date.toMillis(date.addHours(start, -1)) == T0 - 3600000
    assert date.toMillis(date.addDays(start, 1)) == T0 + 86400000
    later = date.addMillis(start, 2999)
    assert date.millisBetween(start, later) == 2999
    assert date.secondsBetween(start, later) == 2
    # Truncated toward zero, negative when the second date is earlier (Java's int division).
    assert date.secondsBetween(later, start) == -2
    assert date.minutesBetween(start, date.addSeconds(start, 150)) == 2
    assert date.hoursBetween(start, date.addMinutes(start, 180)) == 3
    assert date.daysBetween(start, date.addDays(start, 7)) == 7


def test_compare_and_midnight(date):
    a, b = date.fromMillis(T0), date.fromMillis(T0 + 1)
    assert date.isBefore(a, b) and not date.isBefore(b, a)
    assert date.isAfter(b, a)
    assert date.isBetween(a, a, b) and not date.isBetween(b, a, a)
    assert date.format(date.midnight(a)) == "2023-11-14 00:00:00"


def test_format_and_parse_use_simple_date_format_in_utc(date):
    value = date.fromMillis(T0)
    assert date.format(value) == "2023-11-14 22:13:20"
    assert date.format(value, "yyyy/MM/dd HH:mm:ss.SSS") == "2023/11/14 22:13:20.000"
    assert date.toMillis(date.parse("2023-11-14 22:13:20")) == T0
    assert date.toMillis(date.parse("14/11/2023", "dd/MM/yyyy")) == T0 - (22 * 3600 + 13 * 60 + 20) * 1000
    with pytest.raises(Exception):
        date.parse("not a date")


# -- system.tag: qualities -----------------------------------------------------------------------


def test_quality_codes_have_ignitions_numbers_and_names():
    assert system_tag.Good.getCode() == 192
    assert system_tag.Bad_NotFound.getCode() == -2147483129
    assert system_tag.Bad_Stale.getCode() == -2147483132
    assert system_tag.Bad_Disabled.getCode() == -2147483133
    assert system_tag.Uncertain_LastKnownValue.getCode() == 1073742081
    assert system_tag.Bad.getCode() == -2147483136
    assert system_tag.Error_TypeConversion.getCode() == -1073741052
    assert str(system_tag.Bad_NotFound) == "Bad_NotFound"
    assert system_tag.Good.getName() == "Good"


def test_quality_code_levels():
    good, uncertain = system_tag.Good, system_tag.Uncertain_LastKnownValue
    bad, error = system_tag.Bad_Stale, system_tag.Error_TypeConversion
    assert good.isGood() and good.isGoodOrUncertain() and not good.isBad()
    assert uncertain.isUncertain() and uncertain.isGoodOrUncertain() and not uncertain.isGood()
    assert bad.isBad() and bad.isBadOrError() and not bad.isGoodOrUncertain()
    assert error.isError() and error.isBadOrError() and not error.isBad()
    assert system_tag.QUALITY_CODES["Good_Unspecified"].isGood()


def test_quality_codes_compare_by_code():
    assert QualityCode("Good", 192) == system_tag.Good
    assert system_tag.Good != system_tag.Bad
    assert system_tag.quality_code("Bad_Stale") is system_tag.Bad_Stale
    assert system_tag.quality_code(192) is system_tag.Good
    assert len(set([system_tag.Good, QualityCode("Good", 192)])) == 1


# -- system.tag: reads and writes ----------------------------------------------------------------


def test_read_configured_tag(tag, date):
    tag.create_tag("[default]Line1/Count", 7, data_type="Int4")
    (qv,) = tag.readBlocking(["[default]Line1/Count"])
    assert isinstance(qv, QualifiedValue)
    assert qv.value == 7 and qv.getValue() == 7
    assert qv.quality.isGood() and qv.getQuality() == system_tag.Good
    assert isinstance(qv.getTimestamp(), jclass("java.util.Date"))
    assert date.toMillis(qv.timestamp) == T0


def test_paths_default_provider_case_and_slashes(tag):
    tag.create_tag("Line1/Count", 3)
    for path in ("[default]Line1/Count", "[DEFAULT]line1/COUNT", "/Line1/Count/",
                 " [default]/line1/count ", "Line1/Count.value"):
        assert tag.readBlocking([path])[0].value == 3, path
    assert tag.readBlocking(["[other]Line1/Count"])[0].quality == system_tag.Bad_NotFound
    assert tag.exists("line1/count") and not tag.exists("[other]Line1/Count")


def test_one_path_string_is_accepted_and_answered_with_a_list(tag):
    tag.create_tag("A", 1)
    result = tag.readBlocking("A")
    assert isinstance(result, list) and result[0].value == 1


def test_missing_tag_reads_bad_not_found(tag, date, clock):
    clock.advance(10)
    (qv,) = tag.readBlocking(["[default]Nope"])
    assert qv.value is None
    assert qv.quality == system_tag.Bad_NotFound and qv.quality.isBad()
    assert date.toMillis(qv.timestamp) == T0 + 10


def test_write_sets_value_good_quality_and_clock_timestamp(tag, date, clock):
    tag.create_tag("Line1/Count", 0, quality="Bad_Stale", data_type="Int4")
    clock.advance(5000)
    result = tag.writeBlocking(["[default]line1/count"], [12])
    assert result == [system_tag.Good]
    qv = tag.readBlocking(["Line1/Count"])[0]
    assert (qv.value, str(qv.quality)) == (12, "Good")
    assert date.toMillis(qv.timestamp) == T0 + 5000
    assert tag.value("LINE1/COUNT") == 12


def test_write_missing_tag_is_bad_not_found_and_creates_nothing(tag):
    assert tag.writeBlocking(["Ghost"], [1]) == [system_tag.Bad_NotFound]
    assert not tag.exists("Ghost")
    with pytest.raises(KeyError):
        tag.value("Ghost")


def test_write_lengths_must_match(tag):
    tag.create_tag("A", 1)
    with pytest.raises(ValueError):
        tag.writeBlocking(["A"], [1, 2])


def test_write_coerces_to_the_configured_type(tag):
    tag.create_tag("I", 0, data_type="Int4")
    tag.create_tag("L", 0, data_type="Int8")
    tag.create_tag("F", 0, data_type="Float8")
    tag.create_tag("B", False, data_type="Boolean")
    tag.create_tag("S", "", data_type="String")
    tag.create_tag("Any", None)
    tag.writeBlocking(["I", "L", "F", "B", "S", "Any"], ["42", 7.9, "2.5", "true", 12, [1]])
    assert tag.value("I") == 42 and isinstance(tag.value("I"), int)
    assert tag.value("L") == 7
    assert tag.value("F") == 2.5 and isinstance(tag.value("F"), float)
    assert tag.value("B") is True
    assert tag.value("S") == "12"
    assert tag.value("Any") == [1]
    tag.writeBlocking(["B"], [0])
    assert tag.value("B") is False


def test_uncoercible_write_keeps_old_value(tag):
    tag.create_tag("I", 5, data_type="Int4")
    assert tag.writeBlocking(["I"], ["abc"]) == [system_tag.Error_TypeConversion]
    assert tag.value("I") == 5


def test_create_tag_coerces_and_rejects_unknown_types(tag):
    tag.create_tag("F", "1.5", data_type="Float8")
    assert tag.value("F") == 1.5
    with pytest.raises(ValueError):
        tag.create_tag("X", 1, data_type="Int3")


def test_set_quality_and_delete(tag, clock, date):
    tag.create_tag("Plc/Run", True)
    clock.advance(100)
    tag.set_quality("[default]plc/run", "Bad_Stale")
    qv = tag.readBlocking(["Plc/Run"])[0]
    assert qv.value is True and qv.quality == system_tag.Bad_Stale
    assert date.toMillis(qv.timestamp) == T0 + 100
    tag.set_quality("Plc/Run", "Uncertain_LastKnownValue")
    assert tag.readBlocking(["Plc/Run"])[0].quality.isUncertain()
    tag.delete("PLC/RUN")
    assert tag.readBlocking(["Plc/Run"])[0].quality == system_tag.Bad_NotFound


def test_write_async_applies_then_calls_back(tag):
    tag.create_tag("A", 0)
    seen = []
    tag.writeAsync(["A", "Missing"], [9, 1], seen.append)
    assert tag.value("A") == 9
    assert seen == [[system_tag.Good, system_tag.Bad_NotFound]]
    tag.writeAsync(["A"], [10])  # no callback is fine
    assert tag.value("A") == 10


def test_read_async_calls_back_with_values(tag):
    tag.create_tag("A", 4)
    seen = []
    tag.readAsync(["A"], seen.append)
    assert seen[0][0].value == 4


def test_counters(tag):
    tag.create_tag("A", 1)
    tag.create_tag("B", 2)
    assert tag.stats.snapshot() == {"read_calls": 0, "tags_read": 0, "write_calls": 0,
                                    "tags_written": 0}
    tag.readBlocking(["A", "B"])
    tag.readBlocking(["Missing"])
    tag.writeBlocking(["A"], [3])
    tag.value("A")  # harness-side peek does not count
    snap = tag.stats.snapshot()
    assert (snap["read_calls"], snap["tags_read"], snap["write_calls"]) == (2, 3, 1)
    assert tag.stats.read_calls == 2
    tag.stats.reset()
    assert tag.stats.snapshot()["read_calls"] == 0


def test_counters_are_thread_safe(tag):
    tag.create_tag("A", 1)

    def reader():
        for _ in range(200):
            tag.readBlocking(["A"])

    threads = [threading.Thread(target=reader) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert tag.stats.snapshot()["read_calls"] == 1600


# -- system.util: JSON ---------------------------------------------------------------------------


def test_json_round_trip(util):
    value = {"a": [1, 2.5, None, True], "b": {"c": "text"}}
    text = util.jsonEncode(value)
    assert text == '{"a":[1,2.5,null,true],"b":{"c":"text"}}'  # compact, like Ignition
    assert util.jsonDecode(text) == value


def test_json_encode_indent(util):
    assert util.jsonEncode({"a": [1]}, 2) == '{\n  "a": [\n    1\n  ]\n}'


def test_json_encode_java_values(util, date):
    String, Long = jclass("java.lang.String"), jclass("java.lang.Long")
    BigDecimal = jclass("java.math.BigDecimal")
    encoded = util.jsonEncode({
        String("when"): date.fromMillis(0),
        "n": Long(5), "q": BigDecimal("2.50"), "s": String("x"), "t": (1, 2),
    })
    # A java.util.Date is written as its toString(), not as millis (org.json's wrap()).
    assert util.jsonDecode(encoded) == {"when": "Thu Jan 01 00:00:00 UTC 1970", "n": 5,
                                        "q": 2.5, "s": "x", "t": [1, 2]}


def test_json_decode_invalid_json_returns_a_string(util):
    # Ignition manual: "If the input is not valid JSON, a string is returned."
    assert util.jsonDecode("hello world") == "hello world"
    assert util.jsonDecode("  abc123  ") == "abc123"
    assert util.jsonDecode("'single'") == "single"


def test_json_decode_bare_tokens_and_trailing_text(util):
    assert util.jsonDecode("42") == 42
    assert util.jsonDecode("-1.5") == -1.5
    assert util.jsonDecode("TRUE") is True
    assert util.jsonDecode("null") is None
    assert util.jsonDecode("[1, 2] and more") == [1, 2]  # one value is read, the rest ignored
    assert util.jsonDecode('"quoted"') == "quoted"


def test_json_decode_broken_structures_raise(util):
    for text in ("{bad", "[1, 2", "", "   "):
        with pytest.raises(JSONException):
            util.jsonDecode(text)
    with pytest.raises(TypeError):
        util.jsonDecode(None)


# -- system.util: loggers ------------------------------------------------------------------------


def test_logger_captures_every_level(util):
    log = util.getLogger("mes.test")
    log.trace("t")
    log.debug("d")
    log.info("i")
    log.warn("w")
    log.error("e", ValueError("boom"))
    assert util.log_records == [("mes.test", "trace", "t"), ("mes.test", "debug", "d"),
                                ("mes.test", "info", "i"), ("mes.test", "warn", "w"),
                                ("mes.test", "error", "e")]
    assert util.records_for("mes.test", "warn") == ["w"]
    util.clear_log()
    assert util.log_records == []


def test_logger_percent_formatting(util):
    log = util.getLogger("fmt")
    log.infof("lot %s moved %d units (%.1f%%)", "L-1", 5, 12.5)
    log.debugf("no args %s")
    log.tracef("%s", "x")
    log.warnf("%s-%s", 1, 2)
    log.errorf("[%5s]", "ab")
    assert util.records_for("fmt") == ["lot L-1 moved 5 units (12.5%)", "no args %s", "x",
                                       "1-2", "[   ab]"]


def test_logger_forwards_to_python_logging(util, caplog):
    with caplog.at_level("INFO", logger="mes.fwd"):
        util.getLogger("mes.fwd").warnf("careful %s", "now")
    assert ("mes.fwd", 30, "careful now") in caplog.record_tuples


def test_logger_sink_sees_every_record(clock):
    seen = []
    util = SystemUtil(clock, logger_sink=lambda *record: seen.append(record))
    util.getLogger("x").info("hi")
    assert seen == [("x", "info", "hi")]


def test_logger_enabled_flags_follow_logging_level(util):
    log = util.getLogger("mes.inventory.ledger")
    assert log.isInfoEnabled() and not log.isDebugEnabled() and not log.isTraceEnabled()
    util.setLoggingLevel("mes.inventory", "DEBUG")
    assert log.isDebugEnabled() and not log.isTraceEnabled()
    util.setLoggingLevel("mes.inventory.ledger", "trace")
    assert log.isTraceEnabled()
    util.setLoggingLevel("mes", "error")
    assert not util.getLogger("mes.other").isInfoEnabled()
    assert log.getName() == "mes.inventory.ledger"


# -- system.util: globals, async, project --------------------------------------------------------


def test_globals_are_one_persistent_dict(util, clock):
    first = util.getGlobals()
    first["engine"] = "state"
    assert util.getGlobals() is first
    assert util.globals is first
    assert SystemUtil(clock).getGlobals() == {}  # another gateway, other globals


def test_invoke_asynchronous_runs_on_a_daemon_thread(util):
    done = threading.Event()
    seen = []

    def work(a, b=0):
        seen.append((a, b, threading.current_thread().name))
        done.set()

    thread = util.invokeAsynchronous(work, [1], {"b": 2}, "mes-worker")
    assert done.wait(5)
    thread.join(5)
    assert thread.daemon
    assert seen == [(1, 2, "mes-worker")]
    thread = util.invokeAsynchronous(lambda: seen.append("plain"))
    thread.join(5)
    assert seen[-1] == "plain"


def test_invoke_asynchronous_logs_errors(util):
    def fail():
        raise RuntimeError("bad")

    util.invokeAsynchronous(fail).join(5)
    assert isinstance(util.async_errors[0], RuntimeError)
    assert util.records_for("system.util.invokeAsynchronous", "error")


def test_project_name(clock):
    assert SystemUtil(clock).getProjectName() == "mes_test"
    assert SystemUtil(clock, project_name="Line7").getProjectName() == "Line7"


# -- system.security -----------------------------------------------------------------------------


def test_security_defaults_and_switching():
    security = SystemSecurity()
    assert security.getUsername() == "admin"
    assert security.getRoles() == ("Administrator",)
    security.set_user("operator1", ["Operator", "Shift2"])
    assert security.getUsername() == "operator1"
    assert security.getRoles() == ("Operator", "Shift2")
    security.set_user("nobody", ())
    assert security.getRoles() == ()
    assert SystemSecurity("sup", ("Supervisor",)).getRoles() == ("Supervisor",)
