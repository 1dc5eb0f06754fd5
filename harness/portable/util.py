"""Fake system.util: JSON, loggers, globals, background threads, project name.

Signatures follow ignition-api-stubs (checked by tests/test_harness_signatures.py).
Harness-side extras are listed in SystemUtil.HARNESS_ONLY.

Portable (Python 2.7 under Jython, and 3.11).
"""
from __future__ import absolute_import

import json
import logging
import threading

from harness.portable.javabridge import jclass, string_types, text_type, to_text

TRACE = 5  # Python logging has no TRACE level; Ignition (logback) does, below DEBUG.
_LEVELS = {"trace": TRACE, "debug": logging.DEBUG, "info": logging.INFO,
           "warn": logging.WARNING, "error": logging.ERROR}


class JSONException(ValueError):
    """What Ignition raises (org.json.JSONException) for JSON it cannot make sense of."""


# -- jsonDecode --------------------------------------------------------------------------------
#
# The manual (system.util.jsonDecode, 8.0/8.1/8.3): "If the input is not valid JSON, a string is
# returned." That comes from org.json's JSONTokener.nextValue(), which Ignition decodes with:
# text that does not start with {, [ or a quote is read as an unquoted token up to the first
# of  , : ] } / \ " [ { ; = #  and turned into true/false/null, a number, or else the text
# itself. So jsonDecode("hello world") == "hello world", jsonDecode("42") == 42, and only one
# value is read: jsonDecode('[1,2] trailing') == [1, 2]. A broken object or array ("{bad")
# still raises. We reproduce that; org.json's other leniencies (unquoted keys and single-quoted
# strings inside objects) are not, so such input raises here.

_UNQUOTED_STOP = set(',:]}/\\"[{;=#')


def _unquoted_token(text):
    end = 0
    while end < len(text) and text[end] >= " " and text[end] not in _UNQUOTED_STOP:
        end += 1
    return text[:end].strip()


def _token_to_value(token):
    # org.json JSONObject.stringToValue: keywords case-insensitively, then numbers, else text.
    lowered = token.lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    if lowered == "null":
        return None
    if token[:1].isdigit() or token[:1] in "-.":
        for number in (int, float):
            try:
                return number(token)
            except ValueError:
                pass
    return token


def _decode(json_string):
    if json_string is None:
        raise TypeError("jsonDecode() needs a string, got None")
    text = to_text(json_string).lstrip()
    if text[:1] in ("{", "[", '"'):
        try:
            value, _end = json.JSONDecoder().raw_decode(text)  # ignores trailing text, like org.json
        except ValueError as error:
            raise JSONException(text_type(error))
        return value
    if text[:1] == "'":
        closing = text.find("'", 1)
        if closing < 0:
            raise JSONException("Unterminated string")
        return text[1:closing]
    token = _unquoted_token(text)
    if not token:
        raise JSONException("Missing value")
    return _token_to_value(token)


# -- jsonEncode --------------------------------------------------------------------------------


def _json_default(value):
    """Java objects in a structure handed to jsonEncode.

    Ignition (org.json's JSONObject.wrap) writes Java objects it has no JSON form for as their
    toString(): a java.util.Date becomes "Thu Jan 01 00:00:00 UTC 1970", not epoch millis. Java
    numbers stay numbers and Java strings stay strings.
    """
    if isinstance(value, jclass("java.lang.Number")):
        text = to_text(value.toString())
        return int(text) if text.lstrip("-").isdigit() else float(text)
    if isinstance(value, jclass("java.lang.Boolean")):
        return bool(value.booleanValue())
    if isinstance(value, (tuple, set, frozenset)):
        return list(value)
    if isinstance(value, jclass("java.lang.Object")):
        return to_text(value.toString())
    raise TypeError("jsonEncode cannot encode %r" % (value,))


def _to_plain(value):
    """Java strings/booleans anywhere in the structure as Python ones, so json can write them."""
    if isinstance(value, dict):
        return dict((_to_plain(key), _to_plain(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [_to_plain(item) for item in value]
    if isinstance(value, jclass("java.lang.String")):
        return to_text(value)
    if isinstance(value, jclass("java.lang.Boolean")):
        return bool(value.booleanValue())
    return value


# -- loggers -----------------------------------------------------------------------------------


class HarnessLogger(object):
    """Ignition's LoggerEx surface as scripts use it. Every call is captured in the owning
    SystemUtil's log_records (whatever the level, so tests can assert on debug output) and
    forwarded to Python logging; isXxxEnabled() answers from the level set with
    system.util.setLoggingLevel, INFO by default as on a fresh gateway."""

    def __init__(self, util, name):
        self._util = util
        self._name = name
        self._python_logger = logging.getLogger(name)

    def getName(self):
        return self._name

    def _log(self, level, message, error=None):
        self._util._record(self._name, level, to_text(message))
        exc_info = error if isinstance(error, BaseException) else None
        self._python_logger.log(_LEVELS[level], "%s", message, exc_info=exc_info)

    def _logf(self, level, message, args):
        # Ignition formats with Java's String.format; for %s/%d/%f Python's % agrees.
        self._log(level, message % args if args else message)

    def trace(self, message, t=None):
        self._log("trace", message, t)

    def debug(self, message, t=None):
        self._log("debug", message, t)

    def info(self, message, t=None):
        self._log("info", message, t)

    def warn(self, message, t=None):
        self._log("warn", message, t)

    def error(self, message, t=None):
        self._log("error", message, t)

    def tracef(self, message, *args):
        self._logf("trace", message, args)

    def debugf(self, message, *args):
        self._logf("debug", message, args)

    def infof(self, message, *args):
        self._logf("info", message, args)

    def warnf(self, message, *args):
        self._logf("warn", message, args)

    def errorf(self, message, *args):
        self._logf("error", message, args)

    def isTraceEnabled(self):
        return self._util._level_of(self._name) <= TRACE

    def isDebugEnabled(self):
        return self._util._level_of(self._name) <= logging.DEBUG

    def isInfoEnabled(self):
        return self._util._level_of(self._name) <= logging.INFO


# -- system.util -------------------------------------------------------------------------------


class SystemUtil(object):
    """system.util for one fake gateway/project.

    logger_sink: optional callable(logger_name, level, message) called for every log record,
    besides the capture in log_records.
    """

    HARNESS_ONLY = ("log_records", "records_for", "clear_log", "async_errors", "clock",
                    "globals", "project_name")

    def __init__(self, clock, project_name="mes_test", logger_sink=None):
        self.clock = clock
        self.project_name = project_name
        self.logger_sink = logger_sink
        self.log_records = []  # (logger_name, level, message), level in trace/debug/info/warn/error
        self.async_errors = []  # exceptions raised by invokeAsynchronous functions
        self.globals = {}  # Ignition's system.util.globals; getGlobals() returns this same dict
        self._levels = {}
        self._lock = threading.Lock()

    # -- harness side --------------------------------------------------------------------------

    def records_for(self, logger_name, level=None):
        """Messages captured for one logger (and one level, if given), oldest first."""
        with self._lock:
            return [message for name, lvl, message in self.log_records
                    if name == logger_name and (level is None or lvl == level)]

    def clear_log(self):
        with self._lock:
            del self.log_records[:]

    def _record(self, name, level, message):
        with self._lock:
            self.log_records.append((name, level, message))
        if self.logger_sink is not None:
            self.logger_sink(name, level, message)

    def _level_of(self, logger_name):
        # Logback-style inheritance: "a.b.c" takes the level set on "a.b" or "a" if none is set.
        parts = logger_name.split(".")
        for cut in range(len(parts), 0, -1):
            level = self._levels.get(".".join(parts[:cut]))
            if level is not None:
                return level
        return logging.INFO

    # -- Ignition side -------------------------------------------------------------------------

    def jsonEncode(self, pyObj, indentFactor=0):
        plain = _to_plain(pyObj)
        if indentFactor:
            return json.dumps(plain, indent=indentFactor, separators=(",", ": "),
                              default=_json_default)
        # Ignition writes compact JSON: no spaces after , and :
        return json.dumps(plain, separators=(",", ":"), default=_json_default)

    def jsonDecode(self, jsonString):
        return _decode(jsonString)

    def getLogger(self, name):
        return HarnessLogger(self, to_text(name))

    def setLoggingLevel(self, loggerName, loggerLevel):
        self._levels[to_text(loggerName)] = _LEVELS[to_text(loggerLevel).lower()]

    def getGlobals(self):
        return self.globals

    def getProjectName(self):
        return self.project_name

    def invokeAsynchronous(self, function, args=None, kwargs=None, description=None):
        """Run function on a new daemon thread and return the (started) thread. An exception in
        it is logged, as the gateway logs it, and kept in async_errors for tests to check."""
        thread = threading.Thread(target=self._run_async, args=(function, args, kwargs),
                                  name=description or "invokeAsynchronous")
        thread.daemon = True
        thread.start()
        return thread

    def _run_async(self, function, args, kwargs):
        try:
            function(*(args or ()), **(kwargs or {}))
        except Exception as error:  # pylint: disable=broad-except
            with self._lock:
                self.async_errors.append(error)
            self.getLogger("system.util.invokeAsynchronous").error(
                "Error in asynchronous function: %r" % (error,), error)
