"""The harness's one source of time.

Every fake that stamps or reports time (system.date.now, tag timestamps, ...) asks a Clock, so a
test can move time forward by an hour in a microsecond instead of sleeping.
"""
import threading
import time


def _wall_millis():
    return int(time.time() * 1000)


class Clock(object):
    """Epoch-millisecond clock under test control.

    frozen=True (the default): time stands still until advance()/set() move it, so tests that
    measure durations are exact and never sleep.
    frozen=False: time follows the wall clock, shifted by whatever advance()/set() added, for
    tests that want real elapsed time and a jump now and then.
    """

    def __init__(self, start_millis=None, frozen=True):
        self._lock = threading.Lock()
        self.frozen = bool(frozen)
        wall = _wall_millis()  # read once: a second read may be a millisecond later
        start = wall if start_millis is None else int(start_millis)
        # Frozen: _millis is the time itself. Running: _offset is added to the wall clock.
        self._millis = start
        self._offset = start - wall

    def now_millis(self):
        with self._lock:
            if self.frozen:
                return self._millis
            return int(time.time() * 1000) + self._offset  # _wall_millis() inlined: read on every call

    def advance(self, ms):
        """Move time forward by ms milliseconds (negative moves it back) and return the new time."""
        with self._lock:
            self._millis += int(ms)
            self._offset += int(ms)
            return self._millis if self.frozen else _wall_millis() + self._offset

    def advance_seconds(self, seconds):
        """Same as advance, in seconds (fractions allowed, rounded to the millisecond)."""
        return self.advance(int(round(seconds * 1000)))

    def set(self, millis):
        """Jump to an absolute epoch-millisecond time."""
        with self._lock:
            self._millis = int(millis)
            self._offset = int(millis) - _wall_millis()

    def __repr__(self):
        return "Clock(%d, frozen=%r)" % (self.now_millis(), self.frozen)
