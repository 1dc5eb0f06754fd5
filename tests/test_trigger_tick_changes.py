"""The trigger tick evaluates only what can have changed (docs/rules.md#triggers): an operation whose
tags kept their value and quality since the last tick is not evaluated, a tag change fires its edge on
the same tick, and an expression that depends on time (now()) is evaluated at every tick. Counted by
the engine's evaluations per tick and the harness's tag reads, never timed."""
import pytest

from mes.expression import api as expressions
from mes.services import triggers

from trigger_fixtures import COUNT, RUNNING, Line

pytestmark = pytest.mark.usefixtures("audited")


def _tag(i):
    return "[default]Idle/Run%05d" % i


def test_an_idle_tick_over_10000_unchanged_operations_evaluates_nothing_and_reads_tags_once(system):
    line = Line(system)
    for i in range(10000):
        line.tag(_tag(i), False, "Boolean")
    line.bulk_ops(10000, tag_for=_tag)
    assert line.tick() == 0  # loads and primes: every operation is evaluated once
    assert triggers.evaluations_last_tick() > 10000
    system.tag.stats.reset()
    for _ in range(3):
        assert line.tick() == 0
        assert triggers.evaluations_last_tick() == 0
    assert system.tag.stats.snapshot()["read_calls"] == 3


def test_a_tag_change_fires_its_edge_on_the_same_tick_and_only_its_readers_are_evaluated(system):
    line = Line(system)
    for i in range(100):
        line.tag(_tag(i), False, "Boolean")
    ids = line.bulk_ops(100, tag_for=_tag)
    line.tick()
    line.write(_tag(42), True)
    assert line.tick() == 1
    assert line.status(ids[42]) == "RUNNING"
    # Its start and stop expressions, and at its start the DELTA counter's first sample; no other operation.
    assert triggers.evaluations_last_tick() == 3
    line.write(_tag(42), False)
    assert line.tick() == 1
    assert line.status(ids[42]) == "IDLE"


def test_a_quality_change_alone_is_a_change(system):
    line = Line(system)
    line.op()
    line.tick()
    line.bad(RUNNING)
    line.tick()
    assert triggers.evaluations_last_tick() == 2  # its start and stop expressions, read again
    line.tick()
    assert triggers.evaluations_last_tick() == 0


def test_a_now_trigger_is_evaluated_at_every_tick(system, clock):
    line = Line(system)
    due = clock.now_millis() + 60000
    op = line.op(startTriggerExpression="{%s} || toMillis(now()) >= %d" % (RUNNING, due))
    assert expressions.compile_expression(op["startTriggerExpression"]).time_dependent
    line.tick()
    for _ in range(3):  # no tag changes, yet the time-dependent trigger is evaluated
        assert line.tick() == 0
        assert triggers.evaluations_last_tick() >= 1
    clock.advance(61000)
    assert line.tick() == 1
    assert line.status(op) == "RUNNING"
