"""Trigger-engine costs (docs/rules.md#triggers), counted by the harness: one system.tag.readBlocking per tick
for all operations, and no SQL at all on a tick where no edge fires, for 1, 100 and 10,000
EXPRESSION-triggered inventory operations (inserted in bulk, each on its own start/stop tag, all
sharing one DELTA counter tag).
"""
import time

import pytest

from trigger_fixtures import COUNT, Line

pytestmark = pytest.mark.usefixtures("audited")

IDLE_TICKS = 3


def _tag(i):
    return "[default]Scale/Run%05d" % i


@pytest.mark.parametrize("count", [1, 100, 10000])
def test_one_tag_read_per_tick_and_no_sql_when_idle(system, count):
    line = Line(system)
    began = time.time()
    for i in range(count):
        line.tag(_tag(i), False, "Boolean")
    ids = line.bulk_ops(count, tag_for=_tag)
    setup = time.time() - began
    tags, sql = system.tag.stats, system.db.stats

    # The first tick loads every operation (a few queries, not one per operation) and primes.
    tags.reset(), sql.reset()
    began = time.time()
    assert line.tick() == 0
    first_tick = time.time() - began
    assert tags.snapshot()["read_calls"] == 1
    assert tags.snapshot()["tags_read"] == count + 1  # every start/stop tag, and the counter
    load_statements = sql.snapshot()["statements"]
    assert 0 < load_statements <= 5, load_statements

    # Idle ticks: one read each, no SQL.
    tags.reset(), sql.reset()
    began = time.time()
    for _ in range(IDLE_TICKS):
        assert line.tick() == 0
    idle_tick = (time.time() - began) / IDLE_TICKS
    assert tags.snapshot()["read_calls"] == IDLE_TICKS
    assert tags.snapshot()["tags_read"] == IDLE_TICKS * (count + 1)
    assert sql.snapshot()["statements"] == 0
    assert sql.snapshot()["transactions_begun"] == 0

    # One operation's edge: the database only for that start.
    target = ids[count // 2]
    line.write(_tag(count // 2), True)
    tags.reset(), sql.reset()
    assert line.tick() == 1
    assert tags.snapshot()["read_calls"] == 1
    assert sql.snapshot()["statements"] > 0
    assert line.status(target) == "RUNNING"

    # While it runs (its counter sampled every tick), idle ticks stay free of SQL.
    tags.reset(), sql.reset()
    for value in (5, 9, 14):
        line.write(COUNT, value)
        assert line.tick() == 0
    assert tags.snapshot()["read_calls"] == 3
    assert sql.snapshot()["statements"] == 0

    line.write(_tag(count // 2), False)
    assert line.tick() == 1
    [record] = line.records(target)
    assert record["status"] == "COMPLETED" and record["quantity"] == 14.0
    print("\n%d operations: setup %.2fs, first tick %.3fs (%d statements), idle tick %.4fs"
          % (count, setup, first_tick, load_statements, idle_tick))
