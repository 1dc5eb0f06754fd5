"""The trigger engine (docs/rules.md#triggers): expression-triggered inventory operations, driven by one
function a gateway timer script calls every 250 ms.

Per tick: one system.tag.readBlocking of every tag that every enabled EXPRESSION-triggered
operation needs, edge detection on the start and stop expressions (the first sample after a load
only primes; a sample of bad quality is no sample), DELTA counter sampling for running operations,
and the database only when an edge fires or the engine's memory is due to be written
(docs/faults.md: at every edge, wrap or reset, and every flushIntervalMillis while anything
changed). Everything the engine remembers lives in system.util.getGlobals(), so the module reload
of a project save loses nothing, and in the database, so a gateway restart loses nothing either; a
lock makes ticks from two threads take turns (a tick that finds another running is skipped), so no
edge fires twice. A tick never raises because the database is unavailable: edges wait in memory
(trigger_edges) and are written when it is back.
"""
from __future__ import absolute_import

import threading

from mes.core import dates, errors, numbers, platform
from mes.core.compat import is_string
from mes.expression import api as expressions
from mes.persistence import db
from mes.services import (inventory_operation_runtime, inventory_operations, trigger_changes, trigger_edges,
                          trigger_memory)

_KEY = "triggers"
_VERSION = 3  # the shape of the entries below
# Interval flushes one tick may write (edges, wraps and resets are always written at once): after a
# load every operation's samples change at once, and a tick must not stall on thousands of writes.
FLUSHES_PER_TICK = 50
TRUE_EDGES = {"RISING_EDGE": (False, True), "FALLING_EDGE": (True, False)}


def _state():
    runtime_state = platform.runtime_state()
    state = runtime_state.get(_KEY)
    if state is None or state.get("version") != _VERSION:
        # A library update saved into a running gateway: entries of the older shape are rebuilt
        # from the database on the next tick.
        lock = state["lock"] if state is not None else threading.Lock()
        state = {"lock": lock, "loaded": False, "ops": {}, "paths": [], "compiled": {}, "stale": set(),
                 "down": False, "version": _VERSION, "changes": trigger_changes.ChangeDetector(), "evaluations": 0,
                 "unsettled": {}}
        runtime_state[_KEY] = state
    return state


# -- the tick -------------------------------------------------------------------------------------------

def tick():
    """Evaluate every trigger once; returns the number of edges that fired (0 when another thread
    was ticking). Never raises because the database is unavailable (docs/faults.md#store-and-forward)."""
    state = _state()
    if not state["lock"].acquire(False):
        return 0
    try:
        state["evaluations"] = 0
        if not _loaded(state):
            return 0
        if not state["paths"]:
            return 0
        return _tick_due(state, platform.system().tag.readBlocking(list(state["paths"])))
    finally:
        state["lock"].release()


def _tick_due(state, read):
    """Evaluate the operations that can have an edge after this read (docs/rules.md#triggers): those
    whose tags changed, the time-dependent ones and those without a first sample since their load;
    the others only forward pending edges and flush their memory while they have any to."""
    due = state["changes"].due(read)
    now = dates.now_millis()
    unsettled = [i for i, due_at in state["unsettled"].items() if due_at <= now and i not in due]
    if not due and not unsettled:
        return 0
    values = dict(zip(state["paths"], read)) if due else None
    state["flushes_left"] = FLUSHES_PER_TICK
    fired = 0
    for op_id in due:
        op = state["ops"].get(op_id)
        if op is not None:
            fired += _tick_operation(state, op, values, now)
            state["changes"].sampled(op_id, _primed(op))
            _note_settled(state, op)
    for op_id in unsettled:
        op = state["ops"].get(op_id)
        if op is not None:
            _settle(state, op, now)
    return fired


def _primed(op):
    """Whether the operation's detectors hold a sample (or it is not ready, so never evaluated)."""
    return not op["ready"] or (op["last_start"] is not None and op["last_stop"] is not None)


def _settle(state, op, now):
    """An operation not evaluated this tick: its pending edges forwarded, its memory flushed when due."""
    if op["pending"]:
        _forward(state, op)
    _flush_if_due(state, op, now)
    _note_settled(state, op)


def _note_settled(state, op):
    """Keep visiting an operation while it has edges to write (every tick) or memory not yet written
    (from when its flush is due): {operation id: when it is next due}."""
    if not op["ready"] or not op["pending"] and trigger_memory.snapshot(op) == op["written"]:
        state["unsettled"].pop(op["id"], None)
    elif op["pending"] or op["must_write"]:
        state["unsettled"][op["id"]] = 0
    else:
        state["unsettled"][op["id"]] = op["flushed_at"] + trigger_memory.interval(op)


def evaluations_last_tick():
    """How many expressions the last tick evaluated (for tests: an idle tick evaluates none)."""
    return _state()["evaluations"]


def _loaded(state):
    """Load what is due; False (logged once per outage) while the database cannot be read."""
    try:
        if not state["loaded"]:
            _load(state, None)
        elif state["stale"]:
            _load(state, sorted(state["stale"]))
    except errors.MesError as failed:
        if not db.is_retryable(failed):
            raise
        _note_unavailable(state, "could not load the inventory operations (%s): %s" % (db.reason_of(failed), failed))
        return state["loaded"]
    return True


def _tick_operation(state, op, values, now):
    if not op["ready"]:
        return 0
    if op["pending"]:
        _forward(state, op)
    start_edge = _edge(state, op, "start", values)
    stop_edge = _edge(state, op, "stop", values)
    fired = 0
    if op["status"] == "RUNNING":
        if op["delta"]:
            _accumulate(state, op, values)
        if stop_edge:
            fired = _fire(state, op, "stop", values, now)
    elif start_edge:
        fired = _fire(state, op, "start", values, now)
    _flush_if_due(state, op, now)
    return fired


def _edge(state, op, which, values):
    """Sample one trigger expression; True when its configured edge fired since the last good sample."""
    now = _truth(_evaluate(state, op, which, values))
    if now is None:
        return False  # bad quality or no usable value: no sample, the previous one stands
    before, op["last_" + which] = op["last_" + which], now
    if before is None:
        return False  # the first sample after a load only primes the detector
    kind = op[which + "_type"]
    if kind == "CHANGE":
        return before != now
    return (before, now) == TRUE_EDGES[kind]


def _truth(result):
    if result is None or not result.good:
        return None
    value = result.value
    if isinstance(value, bool):
        return value
    number = None if is_string(value) else numbers.to_number(value)
    return None if number is None else number != 0  # numbers are true when non-zero


def _evaluate(state, op, field, values):
    """Evaluate one of the operation's expressions (field: start, stop or quantity) with that field's
    own memory, where hasChanged keeps what it saw at the previous tick."""
    state["evaluations"] += 1
    text = op[field]
    compiled = state["compiled"].get(text)
    if compiled is None:
        compiled = state["compiled"].setdefault(text, expressions.compile_expression(text))
    try:
        return compiled.evaluate(tag_values=values, memory=_memory(op, field))
    except errors.MesError as failed:
        _warn_once(op, "expression %r of inventory operation '%s' failed: %s" % (text, op["name"], failed))
        return None


def _memory(op, field):
    """The field's evaluation memory ({site: what hasChanged saw}), kept in the operation's entry."""
    sites = op.get("sites")
    if sites is None:
        sites = op["sites"] = {}  # an entry built before this memory existed
    memory = sites.get(field)
    if memory is None:
        memory = sites[field] = {}
    return memory


def _accumulate(state, op, values):
    """One DELTA step per tick, so several wraps between start and stop are all counted."""
    result = _evaluate(state, op, "quantity", values)
    if result is None or not result.good or result.value is None:
        return
    sample = float(expressions.library_value(result.value))
    total, last = op["counter"] or (0.0, None)
    if last is None:
        op["counter"] = (total, sample)
        return
    op["counter"] = (total + inventory_operation_runtime.counter_step(last, sample, op["overflow"]), sample)
    if sample < last:
        op["must_write"] = True  # a wrap or a reset is written at once (docs/faults.md#the-engines-memory)


def _fire(state, op, which, values, now):
    """The engine takes the edge at once (the operation is RUNNING or IDLE from now on, as far as
    the next samples are concerned) and writes it, or keeps it pending while it cannot be written."""
    if which == "start":
        sample = _evaluate(state, op, "quantity", values) if op["delta"] else None
        op["status"] = "RUNNING"
        op["counter"] = (0.0, float(sample.value)) if sample is not None and sample.good and \
            sample.value is not None else None
    op["pending"].append(trigger_edges.new_edge(op, which, now, values))
    if which == "stop":
        op["status"], op["counter"] = "IDLE", None
    _forward(state, op)
    return 1


def _forward(state, op):
    outcome = trigger_edges.forward(op)
    if outcome == "stale":
        state["stale"].add(op["id"])  # changed elsewhere (a script, another gateway): reload it
    if outcome != "waiting":
        op["written"] = trigger_memory.snapshot(op)


def _flush_if_due(state, op, now):
    """Write the engine's memory of the operation when it changed and the flush interval passed
    (at once after a wrap or reset); nothing while edges are pending (they go first)."""
    if op["pending"] or trigger_memory.snapshot(op) == op["written"]:
        return
    if not op["must_write"] and (now - op["flushed_at"] < trigger_memory.interval(op) or
                                 state.get("flushes_left", 1) <= 0):
        return
    state["flushes_left"] = state.get("flushes_left", 1) - 1
    try:
        db.write(lambda session: trigger_memory.flush_in(session, op))
    except errors.MesError as failed:
        if db.is_retryable(failed):
            _note_unavailable(state, "could not write what the engine counted (%s); kept in memory and written when "
                                     "the database is back" % db.reason_of(failed))
            return
        platform.logger("inventory.operation.triggers").error(
            "inventory operation '%s': could not write the engine's memory: %s" % (op["name"], failed))
    op["written"], op["flushed_at"], op["must_write"] = trigger_memory.snapshot(op), now, False
    _note_available(state)


def _note_unavailable(state, message):
    if not state.get("down"):
        state["down"] = True
        platform.logger("inventory.operation.triggers").warn("the trigger engine " + message)


def _note_available(state):
    if state.get("down"):
        state["down"] = False
        platform.logger("inventory.operation.triggers").info("the trigger engine writes to the database again")


def _warn_once(op, message):
    if op.get("warned") != message:
        op["warned"] = message
        platform.logger("inventory.operation.triggers").warn(message)


# -- loading -------------------------------------------------------------------------------------------

def refresh(ids=None):
    """updateInventoryOperationStatesFromDatabase: reload all operations, or the listed ones, from
    the database; each one's first sample is compared with the samples last written for it, and
    primes only where nothing was written for its current triggers (docs/faults.md#the-engines-memory)."""
    state = _state()
    with state["lock"]:
        _load(state, ids, keep_samples=False)


def mark_stale(op_id):
    """An API call changed this operation in this gateway: the next tick reloads it."""
    _state()["stale"].add(op_id)


def source_saved(location_id):
    """A location was saved in this gateway: the next tick reloads the operations that take from it,
    whose readiness depends on whether it allows negative inventory (docs/rules.md#storable-versus-ready-to-run)."""
    state = _state()
    # .get: an entry loaded by an older library has no "source" (it is reloaded on its next change).
    state["stale"].update(i for i, op in list(state["ops"].items()) if op.get("source") == location_id)


def _load(state, ids, keep_samples=True):
    """Rebuild the entries of the listed operations (all when ids is None) from the database; the
    engine's state is replaced only once everything was read. With keep_samples, an entry whose
    triggers did not change keeps its last samples, so a reload after an API call cannot swallow an
    edge; otherwise the written samples stand. Pending edges are always kept."""
    session = db.reader()
    old = state["ops"]
    criteria = {"trigger_source": "EXPRESSION", "enabled": True}
    ops = {}
    if ids is not None:
        wanted = [i for i in ids if i]
        if not wanted:
            return
        criteria["id"] = wanted
        ops = dict((k, v) for k, v in old.items() if k not in wanted)
    counters = inventory_operation_runtime.counters(session, ids)
    memories = trigger_memory.written(session, ids)
    sources = inventory_operations.source_locations(session, ids)
    for row in inventory_operations.INVENTORY_OPERATION.query(session, **criteria):
        previous = old.get(row["id"])
        problems = inventory_operations.triggered_readiness(row, sources.get(row["id"]))
        entry = _entry(state, row, problems, counters.get(row["id"]), previous if keep_samples else None)
        if not keep_samples or previous is None or entry["last_start"] is None and entry["last_stop"] is None:
            trigger_memory.restore_samples(entry, memories.get(row["id"]))
        _carry_over(entry, previous)
        ops[row["id"]] = entry
    state["ops"] = ops
    state["stale"].difference_update(ids or list(state["stale"]))
    state["paths"] = sorted(set(p for op in ops.values() for p in op["paths"]))
    # Every reloaded operation is evaluated on the next tick (its first sample primes or is compared
    # with the written one); after that, only when its tags change (docs/rules.md#triggers).
    reloaded = list(ops) if ids is None else [i for i in wanted if i in ops]
    state["changes"].reindex(state["paths"], dict((i, op["paths"]) for i, op in ops.items()),
                             [i for i, op in ops.items() if _time_dependent(state, op)], reloaded)
    state["unsettled"] = dict((i, due_at) for i, due_at in state["unsettled"].items() if i in ops)
    state["loaded"] = True


def _time_dependent(state, op):
    """Whether one of the operation's expressions depends on time (now(), tag(path), runScript, the
    query functions, hasChanged): due every tick."""
    compiled = state["compiled"]
    return op["ready"] and any(compiled[text].time_dependent for text in op["texts"])


def _carry_over(entry, previous):
    """What survives any reload: edges not yet written (with the engine's view of the state they
    lead to), and when the memory was last written."""
    entry["written"] = trigger_memory.snapshot(entry)
    if previous is None:
        return
    # What this gateway last wrote, not what it holds now: a reload must not pass off unwritten
    # samples or a failed wrap write as written (the worst case is one extra flush).
    entry["written"], entry["must_write"] = previous["written"], previous.get("must_write", False)
    entry["flushed_at"] = previous["flushed_at"]
    if previous["pending"]:
        entry["pending"], entry["outage"] = previous["pending"], previous["outage"]
        entry["status"], entry["counter"] = previous["status"], previous["counter"]
        entry["record"] = previous["record"]  # the run the pending stop belongs to, not whatever runs now


def _expressions_read(row):
    """Every expression a triggered start or stop evaluates, so the tick's one read covers them all."""
    texts = [row["startTriggerExpression"], row["stopTriggerExpression"]]
    if row["quantitySource"] == "EXPRESSION":
        texts.append(row["quantityExpression"])
    if row["materialSource"] == "EXPRESSION":
        texts.append(row["materialExpression"])
    for side in ("primary", "secondary"):
        if row[side + "LotResolutionStrategy"] == "EXPRESSION":
            texts.append(row[side + "LotCodeExpression"])
    if row["inventoryNameResolutionStrategy"] == "EXPRESSION":
        texts.append(row["inventoryNameExpression"])
    return [t for t in texts if t]


def _entry(state, row, problems, counter, previous):
    entry = {"id": row["id"], "name": row["name"], "status": row["status"], "start": row["startTriggerExpression"],
             "stop": row["stopTriggerExpression"], "start_type": row["startTriggerType"],
             "stop_type": row["stopTriggerType"], "quantity": row["quantityExpression"],
             "delta": row["quantitySource"] == "EXPRESSION" and row["quantityCalcType"] == "DELTA",
             "overflow": row["quantityOverflowValue"], "ready": not problems, "last_start": None,
             "last_stop": None, "counter": counter if row["status"] == "RUNNING" else None, "paths": [],
             "record": row["currentRecordId"], "source": row["sourceLocationId"], "flush": row["flushIntervalMillis"],
             "pending": [], "outage": None,
             "must_write": False, "flushed_at": dates.now_millis(), "written": None, "sites": {}}
    if previous is not None and previous.get("record") == entry["record"] and previous["counter"] is not None \
            and entry["counter"] is not None:
        entry["counter"] = previous["counter"]  # the same run: the steps counted in memory stand
    same_triggers = previous is not None and all(previous[k] == entry[k] for k in
                                                 ("start", "stop", "start_type", "stop_type"))
    if same_triggers:
        entry["last_start"], entry["last_stop"] = previous["last_start"], previous["last_stop"]
        # what hasChanged saw in the triggers goes with their samples
        entry["sites"] = dict((k, v) for k, v in previous.get("sites", {}).items() if k in ("start", "stop"))
    if problems:
        platform.logger("inventory.operation.triggers").warn(
            "inventory operation '%s' is enabled but not ready to run; its triggers are skipped until it is fixed: %s"
            % (row["name"], problems))
        return entry
    entry["texts"] = _expressions_read(row)
    for text in entry["texts"]:
        compiled = state["compiled"].get(text) or state["compiled"].setdefault(text, expressions.compile_expression(text))
        entry["paths"].extend(compiled.tag_paths)
    return entry
