"""Transition tables of stateful objects (docs/rules.md#inventory-operation-runtime).

A table lists, per action, the statuses the action may start from and the status it leaves.
Both the Python checks (`allows`) and the compare-and-set guards the stores write into their
UPDATE statements (`sources`) are read from the same table, so they cannot disagree.
"""
from __future__ import absolute_import


class Transitions(object):
    """The allowed status changes of one kind of object."""

    def __init__(self, label, statuses, moves):
        """Args:
            label: the object's name in messages ('inventory operation').
            statuses: every status the object can have.
            moves: {action: (statuses it starts from, or None for any but the target; target status)}.
        """
        self.label = label
        self.statuses = tuple(statuses)
        self.moves = {}
        for action, (sources, target) in moves.items():
            if sources is None:
                sources = tuple(s for s in self.statuses if s != target)
            self.moves[action] = (tuple(sources), target)

    def sources(self, action):
        """The statuses `action` may start from (what the compare-and-set guard lists)."""
        return self.moves[action][0]

    def target(self, action):
        """The status `action` leaves the object in."""
        return self.moves[action][1]

    def allows(self, action, status):
        """True when `action` may run on an object in `status`."""
        return status in self.moves[action][0]
