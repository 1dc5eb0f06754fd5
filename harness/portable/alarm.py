"""The fake `system.alarm`: the gateway's alarm status, as queryStatus answers it.

Tests put alarm events in with the harness-only add_alarm(); queryStatus filters them by priority,
state, source (with '*' wildcards), display path and shelving, like Ignition's, and returns a list of
events shaped like Ignition's AlarmEvent (getSource, getName, getDisplayPath, getPriority, getState,
isAcked, isCleared, isShelved). The filters the library does not use (path, the property filters,
defined) are refused rather than silently ignored. Valid Python 2.7 and 3.11.
"""
from __future__ import absolute_import

import re

PRIORITIES = ("Diagnostic", "Low", "Medium", "High", "Critical")
STATES = ("ClearAcked", "ClearUnacked", "ActiveAcked", "ActiveUnacked")


class AlarmPriority(object):
    """Like Ignition's AlarmPriority enum: name() and ordinal() (0 Diagnostic ... 4 Critical)."""

    def __init__(self, ordinal):
        self._ordinal = ordinal

    def ordinal(self):
        return self._ordinal

    def name(self):
        return PRIORITIES[self._ordinal]

    def __str__(self):
        return self.name()


class AlarmEvent(object):
    """One alarm in the status table; its source is a qualified path (prov:default:/tag:A/B:/alm:High)."""

    def __init__(self, tag_path, name, priority, display_path, state, shelved):
        provider, path = re.match(r"^\[([^\]]*)\](.*)$", tag_path).groups()
        self._source = "prov:%s:/tag:%s:/alm:%s" % (provider, path, name)
        self._name = name
        self._priority = AlarmPriority(priority)
        self._display_path = display_path
        self._state = state
        self._shelved = shelved

    def getSource(self):
        return self._source

    def getName(self):
        return self._name

    def getDisplayPath(self):
        return self._display_path

    def getPriority(self):
        return self._priority

    def getState(self):
        return self._state

    def isAcked(self):
        return self._state.endswith("Acked") and not self._state.endswith("Unacked")

    def isCleared(self):
        return self._state.startswith("Clear")

    def isShelved(self):
        return self._shelved

    def __repr__(self):
        return "AlarmEvent(%s, %s, %s)" % (self._source, self._priority, self._state)


def _wildcard(pattern):
    return re.compile("^" + ".*".join(re.escape(piece) for piece in pattern.split("*")) + "$", re.IGNORECASE)


def _priority_ordinal(value):
    if isinstance(value, int):
        return value
    return [p.lower() for p in PRIORITIES].index(str(value).lower())


class SystemAlarm(object):
    """The fake `system.alarm` (queryStatus only)."""

    HARNESS_ONLY = ("add_alarm", "clear_alarms")

    def __init__(self):
        self._events = []

    def add_alarm(self, tag_path, name, priority=2, display_path="", state="ActiveUnacked", shelved=False):
        """Harness only: an alarm event on the tag at `tag_path` ([provider]path), priority 0-4."""
        if state not in STATES:
            raise ValueError("state must be one of %r, not %r" % (STATES, state))
        event = AlarmEvent(tag_path, name, _priority_ordinal(priority), display_path, state, shelved)
        self._events.append(event)
        return event

    def clear_alarms(self):
        """Harness only: forget every alarm event."""
        del self._events[:]

    def queryStatus(self, priority=None, state=None, path=None, source=None, displaypath=None,
                    all_properties=None, any_properties=None, defined=None, includeShelved=False):
        """The alarm events matching every filter given (each filter a list; None matches all)."""
        for name, value in (("path", path), ("all_properties", all_properties),
                            ("any_properties", any_properties), ("defined", defined)):
            if value:
                raise NotImplementedError("the harness's system.alarm.queryStatus does not filter by %s" % name)
        priorities = None if priority is None else set(_priority_ordinal(p) for p in priority)
        states = None if state is None else set(str(s) for s in state)
        sources = None if source is None else [_wildcard(s) for s in source]
        displays = None if displaypath is None else [_wildcard(d) for d in displaypath]
        found = []
        for event in self._events:
            if event.isShelved() and not includeShelved:
                continue
            if priorities is not None and event.getPriority().ordinal() not in priorities:
                continue
            if states is not None and event.getState() not in states:
                continue
            if sources is not None and not any(p.match(event.getSource()) for p in sources):
                continue
            if displays is not None and not any(p.match(event.getDisplayPath()) for p in displays):
                continue
            found.append(event)
        return found
