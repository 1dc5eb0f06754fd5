"""The trigger engine (docs/rules.md#triggers): expression-triggered inventory operations, driven by one
function a gateway timer script calls every 250 ms.

Per tick: one system.tag.readBlocking of every tag that every enabled EXPRESSION-triggered
operation needs, edge detection on the start and stop expressions (the first sample after a load
only primes; a sample of bad quality is no sample), DELTA counter sampling for running operations,
and the database only when an edge fires. Everything the engine remembers lives in
system.util.getGlobals(), so the module reload of a project save loses nothing; a lock makes ticks
from two threads take turns (a tick that finds another running is skipped), so no edge fires twice.
"""
from __future__ import absolute_import
import threading

from mes.core import errors, numbers, platform
from mes.core.compat import is_string
from mes.expression import api as expressions
from mes.persistence import db
from mes.services import inventory_operation_runtime, inventory_operations, permissions

_KEY = "triggers"
TRUE_EDGES = {"RISING_EDGE": (False, True), "FALLING_EDGE": (True, False)}


def _state():
    runtime_state = platform.runtime_state()
    state = runtime_state.get(_KEY)
    if state is None:
        state = runtime_state.setdefault(_KEY, {"lock": threading.Lock(), "loaded": False, "ops": {}, "paths": [],
                                               "compiled": {}, "stale": set()})
    return state


# -- the tick -------------------------------------------------------------------------------------------

def tick():
    """Evaluate every trigger once; returns the number of edges that fired (0 when another thread
    was ticking)."""
    state = _state()
    if not state["lock"].acquire(False):
        return 0
    try:
        if not state["loaded"]:
            _load(state, None)
        elif state["stale"]:
            _load(state, sorted(state["stale"]))
        if not state["paths"]:
            return 0
        read = platform.system().tag.readBlocking(list(state["paths"]))
        values = dict(zip(state["paths"], read))
        fired = 0
        for op in list(state["ops"].values()):
            fired += _tick_operation(state, op, values)
        return fired
    finally:
        state["lock"].release()


def _tick_operation(state, op, values):
    if not op["ready"]:
        return 0
    start_edge = _edge(state, op, "start", values)
    stop_edge = _edge(state, op, "stop", values)
    if op["status"] == "RUNNING":
        if op["delta"]:
            _accumulate(state, op, values)
        if stop_edge:
            _fire(state, op, "stop", values)
            return 1
    elif start_edge:
        _fire(state, op, "start", values)
        return 1
    return 0


def _edge(state, op, which, values):
    """Sample one trigger expression; True when its configured edge fired since the last good sample."""
    now = _truth(_evaluate(state, op, op[which], values))
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


def _evaluate(state, op, text, values):
    compiled = state["compiled"].get(text)
    if compiled is None:
        compiled = state["compiled"].setdefault(text, expressions.compile_expression(text))
    try:
        return compiled.evaluate(tag_values=values)
    except errors.MesError as failed:
        _warn_once(op, "expression %r of inventory operation '%s' failed: %s" % (text, op["name"], failed))
        return None


def _accumulate(state, op, values):
    """One DELTA step per tick, so several wraps between start and stop are all counted."""
    result = _evaluate(state, op, op["quantity"], values)
    if result is None or not result.good or result.value is None:
        return
    sample = float(result.value)
    total, last = op["counter"] or (0.0, None)
    if last is None:
        op["counter"] = (total, sample)
        return
    op["counter"] = (total + inventory_operation_runtime.counter_step(last, sample, op["overflow"]), sample)
    if sample < last:
        # A wrap or a reset: the one moment the count cannot be rebuilt from the start sample
        # after a restart, so it is written down (rare: once per counter cycle).
        inventory_operation_runtime.save_counter(op["id"], op["counter"])


def _fire(state, op, which, values):
    try:
        permissions.require("INVENTORY_OPERATION.EXECUTE")  # as the gateway principal: docs/permissions.md
        if which == "start":
            inventory_operation_runtime.start(op["id"], tags=values)
            op["status"] = "RUNNING"
            sample = _evaluate(state, op, op["quantity"], values) if op["delta"] else None
            op["counter"] = (0.0, float(sample.value)) if sample is not None and sample.good else None
        else:
            inventory_operation_runtime.stop(op["id"], tags=values, counter=op["counter"])
            op["status"], op["counter"] = "IDLE", None
    except errors.ConflictError:
        state["stale"].add(op["id"])  # changed elsewhere (a script, another gateway): reload it
    except errors.MesError as failed:
        op["status"], op["counter"] = "FAULTED", None
        inventory_operation_runtime.fault(op["id"], "triggered %s failed: %s" % (which, failed))


def _warn_once(op, message):
    if op.get("warned") != message:
        op["warned"] = message
        platform.logger("inventory.operation.triggers").warn(message)


# -- loading -------------------------------------------------------------------------------------------

def refresh(ids=None):
    """updateInventoryOperationStatesFromDatabase: reload all operations, or the listed ones; their
    detectors prime again on the next tick (docs/rules.md#triggers)."""
    state = _state()
    with state["lock"]:
        _load(state, ids, keep_samples=False)


def mark_stale(op_id):
    """An API call changed this operation in this gateway: the next tick reloads it."""
    _state()["stale"].add(op_id)


def _load(state, ids, keep_samples=True):
    """Rebuild the entries of the listed operations (all when ids is None) from the database. With
    keep_samples, an entry whose triggers did not change keeps its last samples, so a reload after
    an API call cannot swallow an edge."""
    session = db.reader()
    old = state["ops"]
    criteria = {"trigger_source": "EXPRESSION", "enabled": True}
    if ids is not None:
        wanted = [i for i in ids if i]
        if not wanted:
            return
        criteria["id"] = wanted
        state["ops"] = dict((k, v) for k, v in old.items() if k not in wanted)
    else:
        state["ops"] = {}
    counters = inventory_operation_runtime.counters(session, ids)
    for row in inventory_operations.INVENTORY_OPERATION.query(session, **criteria):
        previous = old.get(row["id"]) if keep_samples else None
        state["ops"][row["id"]] = _entry(state, row, counters.get(row["id"]), previous)
    state["stale"].difference_update(ids or list(state["stale"]))
    state["paths"] = sorted(set(p for op in state["ops"].values() for p in op["paths"]))
    state["loaded"] = True


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


def _entry(state, row, counter, previous):
    problems = inventory_operations.readiness_problems(row)
    entry = {"id": row["id"], "name": row["name"], "status": row["status"], "start": row["startTriggerExpression"],
             "stop": row["stopTriggerExpression"], "start_type": row["startTriggerType"],
             "stop_type": row["stopTriggerType"], "quantity": row["quantityExpression"],
             "delta": row["quantitySource"] == "EXPRESSION" and row["quantityCalcType"] == "DELTA",
             "overflow": row["quantityOverflowValue"], "ready": not problems, "last_start": None,
             "last_stop": None, "counter": counter if row["status"] == "RUNNING" else None, "paths": [],
             "record": row["currentRecordId"]}
    if previous is not None and previous.get("record") == entry["record"] and previous["counter"] is not None \
            and entry["counter"] is not None:
        entry["counter"] = previous["counter"]  # the same run: the steps counted in memory stand
    same_triggers = previous is not None and all(previous[k] == entry[k] for k in
                                                 ("start", "stop", "start_type", "stop_type"))
    if same_triggers:
        entry["last_start"], entry["last_stop"] = previous["last_start"], previous["last_stop"]
    if problems:
        platform.logger("inventory.operation.triggers").warn(
            "inventory operation '%s' is enabled but not ready to run; its triggers are skipped until it is fixed: %s"
            % (row["name"], problems))
        return entry
    for text in _expressions_read(row):
        compiled = state["compiled"].get(text) or state["compiled"].setdefault(text, expressions.compile_expression(text))
        entry["paths"].extend(compiled.tag_paths)
    return entry
