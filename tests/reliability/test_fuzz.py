"""Property-based fuzzing (issue 10, hypothesis) of every public function of the facade modules
(system.mes.location, material, unitOfMeasure, operation, productionOrder, inventory,
inventory.operation, trackandtrace): wrong types, missing and unknown keys, huge and negative
numbers, NaN and infinities, unknown and malformed ids, malformed dates, unicode and SQL-injection
strings. Every call must return normally or raise a library error (mes.core.errors.MesError) with a
message; a failed call leaves the database unchanged and no transaction open. Anything else is a
product bug, listed per function. A second test stores injection and unicode strings where they are
legal values and reads them back verbatim.

A library error must be the library's own: a DatabaseError, or any error the database raised and
the library only classified (a `reason`, docs/faults.md#error-classification), means the library
let a bad value through to the database (a raw database error on one dialect, something else on
another) and fails the run.

Sized by MES_FUZZ_EXAMPLES examples per function (default 25, derandomized, so CI is repeatable);
every case is tried (no time budget that could pass with cases left untried)."""
import datetime
import importlib
import inspect
import os
import traceback

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mes.core import errors, ids as mes_ids
from mes.persistence import db as db_layer

import rel_common

EXAMPLES = int(os.environ.get("MES_FUZZ_EXAMPLES", "25"))

NAMESPACES = [("location", "mes.location"), ("material", "mes.material"), ("unitOfMeasure", "mes.unitOfMeasure"),
              ("operation", "mes.operation"), ("productionOrder", "mes.productionOrder"),
              ("inventory", "mes.inventory"), ("inventory.operation", "mes.inventory_operation"),
              ("trackandtrace", "mes.trackandtrace")]

# Product bugs this suite found, all fixed since; each keeps its reproducer below (test_known_bug_*)
# as a regression test.
OUT_OF_RANGE_MILLIS = -1578816560107747.0  # epoch milliseconds before year 1
KNOWN_SIGNATURES = {
    "OverflowError at dates.py": "a date input outside Python's datetime range (epoch millis %r) raises "
                                 "OverflowError 'date value out of range' from mes.core.dates.to_iso instead of "
                                 "a ValidationError on that field" % OUT_OF_RANGE_MILLIS,
    "updateInventoryOperationStatesFromDatabase: TypeError": "updateInventoryOperationStatesFromDatabase(0.0) "
                                 "(not a list) raises TypeError 'float' object is not iterable",
    "getLotTraceTable: TypeError": "getLotTraceTable(0.0) or (5) (not a list of ids) raises TypeError "
                                   "'... object is not iterable'",
}
# Found when the fuzzer began to count a raw database error as a failure (issue 14): a value of the
# wrong type (False, a number, a list, a dict, an object) given as an id, name or path reaches the
# SQL instead of being refused by the library (PostgreSQL: "operator does not exist: character
# varying = boolean"; every database: "cannot bind argument 1 of type list"). Strict: a fix shows.
_WRONG_TYPE = "a non-text id/name/path reaches the SQL and the database refuses it (raw DatabaseError)"
KNOWN_BUGS = dict((label, _WRONG_TYPE) for label in (
    "inventory.getInventoryByLotAndLocation", "inventory.getInventoryLotRecordReferences",
    "inventory.getInventoryLotReferences", "inventory.getLot", "inventory.getLotByIdOrNameAndMaterial",
    "inventory.operation.saveInventoryOperation",
    "inventory.operation.validateInventoryOperation", "inventory.setInventoryMetadata", "material.getMaterialByErpId",
    "unitOfMeasure.getUnitOfMeasureOrCreateNew"))
if os.environ.get("MES_TEST_DB") == "postgres":  # a number as lotId: the others compare loosely
    KNOWN_BUGS["inventory.getLotHistory"] = _WRONG_TYPE


def _public_functions():
    found = []
    for namespace, module_name in NAMESPACES:
        module = importlib.import_module(module_name)
        for name, function in sorted(inspect.getmembers(module, inspect.isfunction)):
            if function.__module__ == module_name and not name.startswith("_"):
                found.append(("%s.%s" % (namespace, name), function))
    return found


FUNCTIONS = _public_functions()

INJECTIONS = ["'; DROP TABLE locations; --", "\" OR \"1\"=\"1", "Robert'); DELETE FROM inventory_lots; --",
              "' OR ''='", "%", "_", "\\", "\\'", "1 UNION SELECT * FROM inventory --", "admin'--",
              "${jndi:ldap://127.0.0.1/x}", "<script>alert(1)</script>", "?", "?,?", "'||(SELECT 1)||'"]
UNICODE = [u"\u00dcn\u00efc\u00f6d\u00e9", u"\u65e5\u672c\u8a9e\u30ed\u30c3\u30c8", u"\U0001f600\U0001f3ed",
           u"\u200b", u"\u202eevil", u"a\u0000b", u" ", u"", u"\t\n", u"x" * 300, u"y" * 5000, u"\ufeffBOM"]
MALFORMED_IDS = ["01JPAND53P-BZ61RZHZ-V7C6EEH!", "0" * 25, "Z" * 26, "01JPAND53P_BZ61RZHZ_V7C6EEHG", "-", "--",
                 "01jpand53pbz61rzhzv7c6eehgx", "UUUUUUUUUUUUUUUUUUUUUUUUUU", "01JPAND53P-BZ61RZHZ-V7C6EEHG-00"]
UNKNOWN_IDS = [mes_ids.new_id(), mes_ids.new_id().replace("-", "").lower(), "7ZZZZZZZZZ-ZZZZZZZZ-ZZZZZZZZ"]
DATES = ["2025-13-45T99:99:99Z", "yesterday", "0000-00-00", "9999-12-31T23:59:59.999Z", "1970-01-01",
         "2025-03-14T09:26:53.589+99:00", "2025-03-14 09:26", "T", -1, 2 ** 63, -(2 ** 63) - 1, 10 ** 20,
         datetime.datetime(1, 1, 1), datetime.datetime(9999, 12, 31, 23, 59, 59), datetime.date(2025, 1, 1)]
NUMBERS = [0, -1, -10 ** 30, 10 ** 30, 2 ** 63, 2 ** 64 + 1, float("nan"), float("inf"), -float("inf"), 1e308,
           -0.0, 5e-324, 0.1, True, False, "12", "-5", " 7 ", "1e400", "NaN", "0x10"]
REAL_NAMES = ["L1", "P1", "Plant/A", "Plant/B", "Plant", "Bottle/Milk", "Bottle", "ea", "Each", "Consume A1",
              "CONSUME", "PRODUCE", "MANUAL", "RUNNING", "OPEN", "CLOSED", "FIFO", "ALLOW_MULTIPLE", "forward",
              "backward", "BOTH"]
_real_ids = []  # filled by the fixture: ids of the seeded objects (so calls reach past the lookups)


def _scalars():
    return st.one_of(
        st.sampled_from(INJECTIONS + UNICODE + MALFORMED_IDS + UNKNOWN_IDS + DATES + NUMBERS + REAL_NAMES),
        st.sampled_from(_real_ids) if _real_ids else st.none(),
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=30))


def _junk():
    return st.one_of(_scalars(), _scalars(),
                     st.lists(st.one_of(st.none(), st.sampled_from(REAL_NAMES + UNKNOWN_IDS + MALFORMED_IDS)),
                              max_size=3),
                     st.dictionaries(st.sampled_from(["id", "name", "quantity", "x"]), _scalars(), max_size=2),
                     st.builds(object))


def _template_name(name):
    """The new...() whose object a **kwargs function takes."""
    if name.startswith("validate") or name.startswith("save"):
        return "new" + name[len("validate") if name.startswith("validate") else len("save"):]
    special = {"returnInventory": "newReturnRequest", "getLotHistory": "newLotHistoryRequest"}
    return special.get(name, "new%s%sRequest" % (name[0].upper(), name[1:]))


def _request_dict(template):
    keys = sorted(template)
    return st.tuples(st.dictionaries(st.sampled_from(keys), _junk(), max_size=4) if keys else st.just({}),
                     st.sets(st.sampled_from(keys), max_size=2) if keys else st.just(set()),
                     st.dictionaries(st.sampled_from(["bogus", "Quantity", "materialId", "id", "lotId"]), _junk(),
                                     max_size=1)).map(
        lambda parts: _apply(template, *parts))


def _apply(template, changed, removed, extra):
    request = dict(template)
    request.update(changed)
    for key in removed:
        request.pop(key, None)
    request.update(extra)
    return request


def _arguments(module, name, function):
    """A strategy for (args, kwargs) of one call."""
    parameters = list(inspect.signature(function).parameters.values())
    if any(p.kind == p.VAR_KEYWORD for p in parameters):
        if name.startswith("find"):  # every find... takes system.mes.query.newQueryRequest()
            template = importlib.import_module("mes.query").newQueryRequest()
        else:
            template = getattr(module, _template_name(name))()
        return _request_dict(template).map(lambda request: ((), request))
    if name == "executeInventoryActions":
        transaction_templates = [getattr(module, n)() for n in dir(module)
                                 if n.startswith("new") and n.endswith("Request") and n != "newLotHistoryRequest"]
        one = st.one_of(*[_request_dict(t) for t in transaction_templates] + [_junk()])
        return st.one_of(st.lists(one, max_size=3), _junk()).map(lambda requests: ((requests,), {}))
    required = len([p for p in parameters if p.default is inspect.Parameter.empty])
    return st.integers(required, len(parameters)).flatmap(
        lambda count: st.tuples(*[_junk() for _ in range(count)])).map(lambda args: (tuple(args), {}))


@pytest.fixture(scope="module")
def fuzz_plant(backend):
    with backend.scratch_datasource() as datasource:
        with rel_common.attach(datasource.jdbc_url, datasource.db_type) as system:
            system.mes.setup.ensureSchema()
            seeded = rel_common.seed(system)
            m = system.mes
            op = m.operation.newOperation()
            op.update(name="Filler", locationId=seeded["locations"]["Plant/A"], triggerSource="MANUAL")
            op = m.operation.saveOperation(**op)
            order = m.productionOrder.newProductionOrder()
            order.update(name="PO-1", productId=seeded["material"], unitOfMeasureId=seeded["unit"])
            order = m.productionOrder.saveProductionOrder(**order)
            record = m.inventory.executeInventoryActions(**{"requests": [dict(
                m.inventory.newConsumeRequest(), materialIdOrPath=seeded["material"], lotIdOrName="L1",
                quantity=1, sourceLocationIdOrPath="Plant/A")]})[0]
            del _real_ids[:]
            _real_ids.extend([seeded["unit"], seeded["material"], seeded["class"], op["id"], order["id"],
                              record["id"]] + list(seeded["locations"].values()) + list(seeded["lots"].values())
                             + list(seeded["ops"].values()))
            yield system


class Fuzzer(object):
    def __init__(self, system):
        self.system = system
        self.current = rel_common.snapshot(system)
        self.tried = 0
        self.outcomes = {"returned": 0, "library error": 0}
        self.bugs = {}

    def bug(self, signature, detail):
        self.bugs.setdefault(signature, detail)

    def attempt(self, label, function, args, kwargs):
        db = self.system.db
        before = db.stats.snapshot()
        failed = None
        try:
            function(*args, **kwargs)
            self.outcomes["returned"] += 1
        except errors.MesError as error:
            failed = error
            self.outcomes["library error"] += 1
            if not str(error).strip():
                self.bug("%s: %s without a message" % (label, type(error).__name__), _call(label, args, kwargs))
            if isinstance(error, errors.DatabaseError) or db_layer.reason_of(error) is not None:
                self.bug("%s: a database error (%s) instead of the library's own check" % (
                    label, db_layer.reason_of(error) or type(error).__name__),
                    "%s -> %s: %s" % (_call(label, args, kwargs), type(error).__name__, str(error)[:300]))
        except Exception as error:  # noqa: BLE001 - anything else is what we are looking for
            failed = error
            where = [f for f in traceback.extract_tb(error.__traceback__) if "jython_lib" in f.filename]
            place = ("%s:%d" % (os.path.basename(where[-1].filename), where[-1].lineno)) if where else "?"
            self.bug("%s: %s at %s" % (label, type(error).__name__, place),
                     "%s -> %s: %s" % (_call(label, args, kwargs), type(error).__name__, str(error)[:300]))
        self.tried += 1
        if db.open_transaction_ids():
            self.bug("%s: a transaction left open" % label, _call(label, args, kwargs))
            for tx in db.open_transaction_ids():
                db.rollbackTransaction(tx)
                db.closeTransaction(tx)
        after = db.stats.snapshot()
        wrote = after["updates"] > before["updates"] or after["commits"] > before["commits"]
        if wrote:
            now = rel_common.snapshot(self.system)
            if failed is not None and now != self.current:
                changed = sorted(t for t in now if now[t] != self.current[t])
                self.bug("%s: the database changed although the call failed (%s)" % (label, changed),
                         "%s -> %s: %s" % (_call(label, args, kwargs), type(failed).__name__, str(failed)[:200]))
            self.current = now


def _call(label, args, kwargs):
    text = "%s(%s)" % (label, ", ".join([repr(a)[:80] for a in args] +
                                        ["%s=%s" % (k, repr(v)[:80]) for k, v in sorted(kwargs.items())]))
    return text[:700]


def _marks(label):
    if label in KNOWN_BUGS:
        return [pytest.mark.xfail(strict=True, reason="product bug: " + KNOWN_BUGS[label])]
    return []


@pytest.mark.parametrize("label", [pytest.param(label, marks=_marks(label)) for label, _ in FUNCTIONS])
def test_fuzz_every_public_function(fuzz_plant, label):
    function = dict(FUNCTIONS)[label]
    module = inspect.getmodule(function)
    fuzzer = Fuzzer(fuzz_plant)
    parameters = inspect.signature(function).parameters
    examples = 1 if not parameters else EXAMPLES

    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(_arguments(module, function.__name__, function))
    def run(call):
        args, kwargs = call
        fuzzer.attempt(label, function, args, kwargs)

    run()
    known = dict((sig, detail) for sig, detail in fuzzer.bugs.items()
                 if any(k in sig for k in KNOWN_SIGNATURES))
    for sig in known:
        del fuzzer.bugs[sig]
        print("\nknown product bug (see test_known_bug_*): %s\n    e.g. %s" % (sig, known[sig]))
    rel_common.add_figure("fuzz: known-bug cases seen again", len(known))
    rel_common.add_figure("fuzz: functions", 1)
    rel_common.add_figure("fuzz: cases tried", fuzzer.tried)
    rel_common.add_figure("fuzz: cases that returned", fuzzer.outcomes["returned"])
    rel_common.add_figure("fuzz: cases that raised a library error", fuzzer.outcomes["library error"])
    print("\nfuzz %-55s %3d cases, %s" % (label, fuzzer.tried, fuzzer.outcomes))
    assert not fuzzer.bugs, "product bugs in %s:\n%s" % (
        label, "\n".join("%s\n    e.g. %s" % item for item in sorted(fuzzer.bugs.items())))


# -- deterministic reproducers of the product bugs found ------------------------------------------

def _date_cases():
    inventory = importlib.import_module("mes.inventory")
    cases = []
    for name, function in FUNCTIONS:
        short = name.split(".")[-1]
        parameters = list(inspect.signature(function).parameters.values())
        if name.startswith("inventory.") and not name.startswith("inventory.operation") and parameters and \
                parameters[0].kind == parameters[0].VAR_KEYWORD:
            template = _template_name(short)
            if template.endswith("Request") and template != "newLotHistoryRequest" and hasattr(inventory, template):
                cases.append(name)  # a transaction request: it has startDate and endDate
    return cases


DATE_CASES = _date_cases()


def _date_call(system, label):
    inventory = system.mes.inventory
    short = label.split(".")[-1]
    request = getattr(inventory, _template_name(short))()
    request["endDate"] = OUT_OF_RANGE_MILLIS
    return getattr(inventory, short)(**request)


@pytest.mark.parametrize("label", DATE_CASES)
def test_known_bug_an_out_of_range_date_is_a_validation_error(fuzz_plant, label):
    try:
        _date_call(fuzz_plant, label)
    except errors.MesError as error:
        assert str(error)


def test_known_bug_update_states_with_a_number_is_a_library_error(fuzz_plant):
    try:
        fuzz_plant.mes.inventory.operation.updateInventoryOperationStatesFromDatabase(0.0)
    except errors.MesError as error:
        assert str(error)


@pytest.mark.parametrize("value", [0.0, 5])
def test_known_bug_trace_table_with_a_number_is_a_library_error(fuzz_plant, value):
    try:
        fuzz_plant.mes.trackandtrace.getLotTraceTable(value)
    except errors.MesError as error:
        assert str(error)


def _runtime_date_call(m, label):
    template = [o for o in m.inventory.operation.getAllInventoryOperations() if o["name"] == "Consume A1"][0]
    fresh = dict(template, id=None, name="Date check %s" % label)  # IDLE whatever the fuzzing did
    for key in ("status", "currentRecordId", "createdDate", "createdBy", "modifiedDate", "modifiedBy"):
        fresh.pop(key, None)
    op = m.inventory.operation.saveInventoryOperation(**fresh)["id"]
    if label == "startInventoryOperation":
        return m.inventory.operation.startInventoryOperation(op, "L1", None, None, None, OUT_OF_RANGE_MILLIS)
    if label == "executeInventoryOperation":
        return m.inventory.operation.executeInventoryOperation(op, "L1", 1, None, None, None, OUT_OF_RANGE_MILLIS,
                                                               None)
    return m.inventory.getLotHistory(**dict(m.inventory.newLotHistoryRequest(), startDate=OUT_OF_RANGE_MILLIS))




@pytest.mark.parametrize("label", ["startInventoryOperation", "executeInventoryOperation", "getLotHistory"])
def test_known_bug_runtime_calls_with_an_out_of_range_date(fuzz_plant, label):
    try:
        _runtime_date_call(fuzz_plant.mes, label)
    except errors.MesError as error:
        assert str(error)
