"""Fake system.tag: an in-memory tag provider with Ignition 8 qualities and clock timestamps.

Ignition functions (names and parameters from ignition-api-stubs): readBlocking, readAsync,
writeBlocking, writeAsync, exists. Harness-side helpers that tests use to build and inspect the
tag tree are listed in SystemTag.HARNESS_ONLY.

Paths look like "[provider]Folder/Tag". Like Ignition: no provider means [default], matching is
case-insensitive, and surrounding slashes or spaces are ignored. A ".value" suffix (the Value
property) addresses the tag itself.

Portable (Python 2.7 under Jython, and 3.11).
"""
from __future__ import absolute_import

import threading

from harness.portable.dataset import BasicDataset
from harness.portable.javabridge import integer_types, jclass, string_types, text_type, to_text

DEFAULT_PROVIDER = "default"
DEFAULT_TIMEOUT_MILLIS = 45000  # Ignition's default for readBlocking/writeBlocking


class QualityCode(object):
    """Ignition 8's QualityCode: a 32-bit code whose top two bits are the level
    (00 Good, 01 Uncertain, 10 Bad, 11 Error) and whose low 16 bits are the sub-code."""

    def __init__(self, name, code):
        self._name = name
        self._code = code

    def getName(self):
        return self._name

    def getCode(self):
        return self._code

    def _level(self):
        return (self._code >> 30) & 3  # Python ints: mask the sign bits of negative codes

    def isGood(self):
        return self._level() == 0

    def isUncertain(self):
        return self._level() == 1

    def isBad(self):
        # In Ignition, Error-level codes are not "bad"; isBadOrError covers both.
        return self._level() == 2

    def isError(self):
        return self._level() == 3

    def isBadOrError(self):
        return self._level() >= 2

    def isNotGood(self):
        return not self.isGood()

    def isGoodOrUncertain(self):
        return self._level() <= 1

    def __eq__(self, other):
        return isinstance(other, QualityCode) and other._code == self._code

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(self._code)

    def __str__(self):
        return self._name

    def __repr__(self):
        return "QualityCode(%s, %d)" % (self._name, self._code)


# Codes as Ignition 8 defines them: level bits | sub-code. The sub-codes were read from
# QualityCode.getCodesJson() on a gateway (table published by Cirrus Link, "Ignition 8 Quality
# Codes", docs.chariot.io); names match the QualityCode constants in ignition-api-stubs.
_LEVEL_BITS = {"Good": 0, "Uncertain": 1 << 30, "Bad": -(1 << 31), "Error": -(1 << 30)}
_SUB_CODES = (
    ("Good_Unspecified", 0), ("Good_WritePending", 2), ("Good", 192), ("Good_Provisional", 200),
    ("Good_Initial", 201), ("Good_Overload", 202), ("Good_Backfill", 203),
    ("Uncertain", 256), ("Uncertain_LastKnownValue", 257), ("Uncertain_InitialValue", 258),
    ("Uncertain_DataSubNormal", 259), ("Uncertain_EngineeringUnitsExceeded", 260),
    ("Uncertain_IncompleteOperation", 261),
    ("Bad", 512), ("Bad_Unauthorized", 513), ("Bad_AccessDenied", 514), ("Bad_Disabled", 515),
    ("Bad_Stale", 516), ("Bad_TrialExpired", 517), ("Bad_LicenseExceeded", 518),
    ("Bad_NotFound", 519), ("Bad_ReferenceNotFound", 520), ("Bad_AggregateNotFound", 521),
    ("Bad_NotConnected", 522), ("Bad_GatewayCommOff", 523), ("Bad_OutOfRange", 524),
    ("Bad_DatabaseNotConnected", 525), ("Bad_ReadOnly", 526), ("Bad_Failure", 527),
    ("Bad_Unsupported", 528),
    ("Error", 768), ("Error_Configuration", 769), ("Error_ExpressionEval", 770),
    ("Error_TagExecution", 771), ("Error_TypeConversion", 772), ("Error_DatabaseQuery", 773),
    ("Error_IO", 774), ("Error_TimeoutExpired", 775), ("Error_Exception", 776),
    ("Error_InvalidPathSyntax", 777), ("Error_Formatting", 778), ("Error_ScriptEval", 779),
    ("Error_CycleDetected", 780),
)
QUALITY_CODES = dict(
    (name, QualityCode(name, _LEVEL_BITS[name.split("_")[0]] | sub)) for name, sub in _SUB_CODES
)

Good = QUALITY_CODES["Good"]
Uncertain = QUALITY_CODES["Uncertain"]
Uncertain_LastKnownValue = QUALITY_CODES["Uncertain_LastKnownValue"]
Bad = QUALITY_CODES["Bad"]
Bad_NotFound = QUALITY_CODES["Bad_NotFound"]
Bad_Stale = QUALITY_CODES["Bad_Stale"]
Bad_Disabled = QUALITY_CODES["Bad_Disabled"]
Bad_NotConnected = QUALITY_CODES["Bad_NotConnected"]
Bad_ReadOnly = QUALITY_CODES["Bad_ReadOnly"]
Error_TypeConversion = QUALITY_CODES["Error_TypeConversion"]


def quality_code(name_or_code):
    """A QualityCode from its name ("Bad_Stale"), its numeric code, or a QualityCode."""
    if isinstance(name_or_code, QualityCode):
        return name_or_code
    if isinstance(name_or_code, integer_types):
        for code in QUALITY_CODES.values():
            if code.getCode() == name_or_code:
                return code
        raise KeyError("no quality code %d" % name_or_code)
    return QUALITY_CODES[name_or_code]


class QualifiedValue(object):
    """What readBlocking returns per path (Ignition's BasicQualifiedValue): value, quality and a
    java.util.Date timestamp, as attributes and as getters."""

    def __init__(self, value, quality, timestamp):
        self.value = value
        self.quality = quality
        self.timestamp = timestamp

    def getValue(self):
        return self.value

    def getQuality(self):
        return self.quality

    def getTimestamp(self):
        return self.timestamp

    def __repr__(self):
        return "QualifiedValue(%r, %s, %s)" % (self.value, self.quality, self.timestamp)


# -- data type coercion --------------------------------------------------------------------


class _CoercionError(ValueError):
    pass


def _to_int(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, integer_types + (float,)):
        return int(value)
    text = to_text(value).strip()
    try:
        return int(text)
    except ValueError:
        return int(float(text))  # "12.0" is a fine Int4; "abc" raises ValueError


def _to_bool(value):
    if isinstance(value, string_types):
        text = value.strip().lower()
        if text in ("true", "1", "on", "yes"):
            return True
        if text in ("false", "0", "off", "no", ""):
            return False
        raise _CoercionError("not a boolean: %r" % value)
    return bool(value)


def _to_datetime(value):
    Date = jclass("java.util.Date")
    if isinstance(value, Date):
        return value
    return Date(int(value))  # epoch millis


def _to_dataset(value):
    # A Dataset tag holds a BasicDataset; (column names, rows) builds one.
    if hasattr(value, "getRowCount"):
        return value
    names, rows = value
    return BasicDataset(names, rows)


# Ignition data type names -> converter. Kept to the types MES tags use.
_COERCERS = {
    "int1": _to_int, "int2": _to_int, "int4": _to_int, "int8": _to_int,
    "float4": float, "float8": float,
    "boolean": _to_bool,
    "string": to_text, "text": to_text,
    "datetime": _to_datetime,
    "dataset": _to_dataset,
}


def _coerce(value, data_type):
    if value is None or data_type is None:
        return value
    converter = _COERCERS[data_type.lower()]
    try:
        return converter(value)
    except (TypeError, ValueError) as error:
        raise _CoercionError(text_type(error))


# -- paths -----------------------------------------------------------------------------------


def _normalize(path):
    """(provider, tag path), lower-cased, for a full or provider-less Ignition tag path."""
    text = to_text(path).strip()
    provider = DEFAULT_PROVIDER
    if text.startswith("["):
        closing = text.index("]")
        provider = text[1:closing].strip() or DEFAULT_PROVIDER
        text = text[closing + 1:]
    text = text.strip().strip("/").strip()
    if text.lower().endswith(".value"):
        text = text[: -len(".value")]
    return provider.lower(), text.lower()


def _as_list(paths):
    # Ignition accepts one path where it expects a list, and still answers with a list.
    return [paths] if isinstance(paths, string_types) else list(paths)


class TagStats(object):
    """Call counters, so tests can assert "one readBlocking per trigger tick"."""

    FIELDS = ("read_calls", "tags_read", "write_calls", "tags_written")

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        with self._lock:
            for field in self.FIELDS:
                setattr(self, field, 0)

    def add(self, **increments):
        with self._lock:
            for field, amount in increments.items():
                setattr(self, field, getattr(self, field) + amount)

    def snapshot(self):
        with self._lock:
            return dict((field, getattr(self, field)) for field in self.FIELDS)


class _Tag(object):
    def __init__(self, path, value, quality_code, data_type, timestamp_millis):
        self.path = path  # as configured, for error messages
        self.value = value
        self.quality = quality_code
        self.data_type = data_type
        self.timestamp_millis = timestamp_millis


class SystemTag(object):
    """system.tag over an in-memory provider; timestamps come from the harness Clock."""

    DEFAULT_TIMEOUT_MILLIS = DEFAULT_TIMEOUT_MILLIS
    # Public names that are not Ignition functions (none of them shadows one).
    HARNESS_ONLY = ("create_tag", "set_quality", "delete", "value", "stats", "clock")

    def __init__(self, clock):
        self.clock = clock
        self.stats = TagStats()
        self._tags = {}
        self._lock = threading.RLock()

    # -- harness side ------------------------------------------------------------------------

    def create_tag(self, path, value=None, quality="Good", data_type=None):
        """Create (or replace) a tag. data_type is an Ignition type name ("Int4", "Float8",
        "Boolean", "String", "DateTime"); the initial value is coerced to it."""
        if data_type is not None and data_type.lower() not in _COERCERS:
            raise ValueError("unsupported data type %r" % data_type)
        tag = _Tag(path, _coerce(value, data_type), quality_code(quality), data_type,
                   self.clock.now_millis())
        with self._lock:
            self._tags[_normalize(path)] = tag

    def set_quality(self, path, quality_name):
        """Change a tag's quality (e.g. to simulate a lost PLC connection); the value stays."""
        with self._lock:
            tag = self._existing(path)
            tag.quality = quality_code(quality_name)
            tag.timestamp_millis = self.clock.now_millis()

    def delete(self, path):
        with self._lock:
            self._tags.pop(_normalize(path), None)

    def value(self, path):
        """The tag's current value, without counting as a read. KeyError if there is no tag."""
        with self._lock:
            return self._existing(path).value

    # -- Ignition side -------------------------------------------------------------------------

    def exists(self, tagPath):
        with self._lock:
            return _normalize(tagPath) in self._tags

    def readBlocking(self, tagPaths, timeout=DEFAULT_TIMEOUT_MILLIS):
        paths = _as_list(tagPaths)
        self.stats.add(read_calls=1, tags_read=len(paths))
        date_class = jclass("java.util.Date")  # once per call, not per tag
        with self._lock:
            return [self._read_one(path, date_class) for path in paths]

    def readAsync(self, tagPaths, callback):
        # Synchronous on purpose: the callback has run when readAsync returns, so tests need
        # no waiting. Ignition calls it later on another thread; library code must not rely
        # on either order.
        callback(self.readBlocking(tagPaths))

    def writeBlocking(self, tagPaths, values, timeout=DEFAULT_TIMEOUT_MILLIS):
        paths, values = _as_list(tagPaths), _as_list(values)
        if len(paths) != len(values):
            raise ValueError("tagPaths and values must have the same length")
        self.stats.add(write_calls=1, tags_written=len(paths))
        with self._lock:
            return [self._write_one(path, value) for path, value in zip(paths, values)]

    def writeAsync(self, tagPaths, values, callback=None):
        # Synchronous on purpose (see readAsync): the values are written and the callback has
        # been given the list of QualityCodes before writeAsync returns.
        results = self.writeBlocking(tagPaths, values)
        if callback is not None:
            callback(results)

    # -- internals -----------------------------------------------------------------------------

    def _existing(self, path):
        try:
            return self._tags[_normalize(path)]
        except KeyError:
            raise KeyError("no tag %r" % (path,))

    def _read_one(self, path, date_class):
        tag = self._tags.get(_normalize(path))
        if tag is None:
            # Ignition answers a missing tag with a Bad_NotFound value, not an exception.
            return QualifiedValue(None, Bad_NotFound, date_class(self.clock.now_millis()))
        return QualifiedValue(tag.value, tag.quality, date_class(tag.timestamp_millis))

    def _write_one(self, path, value):
        tag = self._tags.get(_normalize(path))
        if tag is None:
            return Bad_NotFound  # and nothing is created
        try:
            tag.value = _coerce(value, tag.data_type)
        except _CoercionError:
            return Error_TypeConversion  # the tag keeps its old value
        tag.quality = Good
        tag.timestamp_millis = self.clock.now_millis()
        return Good


# system.tag.configure / deleteTags / browse live in tag_config.py, installed here.
from harness.portable.tag_config import install as _install_configuration  # noqa: E402

_install_configuration(SystemTag)
