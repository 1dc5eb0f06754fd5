"""Which operations a trigger tick evaluates (docs/rules.md#triggers).

An expression whose tags kept their value and quality since the last tick gives the value it gave
then, so its edge detector cannot fire: the tick skips it. A tick compares the values and qualities
it read with the previous tick's as whole lists (the steady state of a plant, where nothing changed,
costs two list builds and two comparisons), and only when they differ finds the paths that changed
and the operations that read them. Operations with a time-dependent expression (now(), tag(path):
see mes.expression) are due at every tick; so is an operation whose detectors have not taken their
first good sample yet.
"""
from __future__ import absolute_import

_UNREAD = object()  # a path read for the first time differs from anything


class ChangeDetector(object):
    """The previous tick's values and qualities, and which operations read each path."""

    def __init__(self):
        self._paths = []
        self._values = []
        self._qualities = []
        self._readers = {}      # path -> [operation id]
        self._always = set()    # operations due at every tick
        self._pending = set()   # operations due until their detectors took a first good sample

    def reindex(self, paths, readers, always, pending):
        """Take the engine's new path list (after a load), keeping what was read of the paths it
        still has.

        Args:
            paths: the paths one tick reads, in the order of the read.
            readers: {operation id: the paths its expressions read}.
            always: ids of the operations with a time-dependent expression.
            pending: ids of the operations to evaluate on the next tick whatever their tags do (the
                ones just loaded); those already pending and still loaded stay pending.
        """
        before = dict(zip(self._paths, zip(self._values, self._qualities)))
        kept = [before.get(path, (_UNREAD, _UNREAD)) for path in paths]
        self._paths = list(paths)
        self._values = [value for value, _ in kept]
        self._qualities = [quality for _, quality in kept]
        self._readers = {}
        for op_id, op_paths in readers.items():
            for path in set(op_paths):
                self._readers.setdefault(path, []).append(op_id)
        self._always = set(always)
        self._pending = set(i for i in self._pending if i in readers) | set(pending)

    def sampled(self, op_id, settled):
        """After an operation was evaluated: settled (its detectors hold a sample, or it is not ready
        to run) leaves it to its tags from now on; otherwise it stays due at every tick."""
        if settled:
            self._pending.discard(op_id)
        else:
            self._pending.add(op_id)

    def due(self, read):
        """The ids of the operations to evaluate after this tick's read (aligned with the paths).

        Args:
            read: the qualified values readBlocking returned for the paths.

        Returns:
            a set of operation ids: those reading a path whose value or quality changed, the
            time-dependent ones and those without a first sample.
        """
        values = [item.value for item in read]
        qualities = [item.quality for item in read]
        due = self._always | self._pending
        if values == self._values and qualities == self._qualities:
            return due
        readers = self._readers
        for path, value, quality, old_value, old_quality in zip(self._paths, values, qualities, self._values,
                                                                 self._qualities):
            if value != old_value or quality != old_quality:
                due.update(readers.get(path, ()))
        self._values, self._qualities = values, qualities
        return due
