"""The demo: one simulated shift of a milk packaging line, on embedded SQLite, through the public API.

    python3 build.py demo                 (runs any missing setup first)
    .venv/bin/python tools/demo.py --out build/demo [--shift-minutes 120] [--tick-ms 1000]

It opens the CPython harness's fake Ignition gateway (an empty SQLite file with the MES schema, the
in-memory tag provider of the demo line's UDT, a clock that moves only when told), then uses nothing
but `system.mes.*`, `system.tag.*` and the clock, as a gateway's scripts would:

1. master data: the plant DairyCo/Plant1 (Receiving, Line1/Filler, Line1/Packing, Warehouse, Scrap),
   units (L, ea, cs with 1 cs = 12 ea; a bottle holds 0.5 L of milk), materials (bulk milk, a
   500 ml bottle, a case of 12), the production order PO-1001 and the operation Packaging on Line1;
2. inventory operations: two EXPRESSION-triggered ones on the line's tags (Running: rising edge
   starts, falling edge stops; quantity: DELTA of the wrapping Count counter; lot: the LotCode
   tag) that consume bulk milk at the filler and produce bottles (counting PO-1001), a MANUAL
   scrap whose quantity is read DIRECTly from ScrapCount, and a MANUAL case-packing pair;
3. the shift: two tankers of milk received, one moved to the filler; then the clock advances in
   ticks while the simulated PLC writes the tags and `system.mes.inventory.operation.tick()` runs
   as the gateway timer script would. The counter wraps, the line jams once (the bottles broken in
   the jam are scrapped), QA moves underfilled bottles to the reject bin, the lot changes half
   way, each lot is packed into cases;
4. the report (inventory per location, production order, a lot's history, the trace, the ledger
   audit) to the screen and `<out>/report.txt`, and the lot genealogy to `<out>/genealogy.svg`.

The exit status is 0 only when the ledger audit (`auditInventoryLedger()`) is clean.
"""
import argparse
import calendar
import os
import random
import sys
import time

TOOLS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(TOOLS)
for _path in (REPO, TOOLS):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import harness  # noqa: E402  (the fake gateway; it puts jython_lib on the path)
from harness.clock import Clock  # noqa: E402

import genealogy_svg  # noqa: E402

LINE = "[default]Line1/"
TAGS = [("Running", False, "Boolean"), ("Count", 0, "Int4"), ("CountRollover", 10000, "Int4"),
        ("LotCode", "", "String"), ("Material", "", "String"), ("ScrapCount", 0, "Int4")]
ROLLOVER = 10000          # the PLC counter wraps from 9999 to 0
SPEED = 2.0               # bottles per second at full speed (120 a minute)
SHIFT_START = calendar.timegm((2025, 6, 2, 6, 0, 0)) * 1000   # Monday 2 June 2025, 06:00 UTC
LOCATIONS = ["DairyCo/Plant1/Receiving", "DairyCo/Plant1/Line1/Filler", "DairyCo/Plant1/Line1/Packing",
             "DairyCo/Plant1/Warehouse", "DairyCo/Plant1/Scrap"]
MILK, BOTTLE, CASE = "Raw/Bulk milk", "Finished/Milk bottle 500 ml", "Finished/Milk case 12 x 500 ml"
ORDER = "PO-1001"
FARM = "Greenfield Farm"

# What each column of a progress line is (said once, before the first one).
PROGRESS_LEGEND = [
    "  Each line below: simulated time; line RUNNING or stopped (the Running tag); Count = the PLC's",
    "  bottle counter tag (it wraps from 9999 to 0; 'wrapped' = how often); lot = the LotCode tag;",
    "  run = bottles made since the line last started; ops = status of the inventory operation",
    "  'Filler: produce bottles' (RUNNING from its start trigger to its stop trigger); records = lot",
    "  records written so far, read again at each event ('<-' marks an event).",
]


class DemoFailed(Exception):
    pass


# -- master data ---------------------------------------------------------------------------------------

def _save(namespace, kind, **values):
    """new<kind>() filled with values, then save<kind>(**it): the documented create pattern."""
    obj = getattr(namespace, "new" + kind)()
    obj.update(values)
    return getattr(namespace, "save" + kind)(**obj)


def build_plant(system):
    mes = system.mes
    uom = mes.unitOfMeasure
    litre = _save(uom, "UnitOfMeasure", name="Litre", symbol="L", notes="bulk liquid")
    each = _save(uom, "UnitOfMeasure", name="Each", symbol="ea", notes="one bottle")
    case = _save(uom, "UnitOfMeasure", name="Case", symbol="cs", notes="a case of 12 bottles")

    raw = _save(mes.material, "MaterialClass", name="Raw")
    finished = _save(mes.material, "MaterialClass", name="Finished")
    milk = _save(mes.material, "Material", name="Bulk milk", materialClassId=raw.id, unitOfMeasureId=litre.id,
                 erpId="RM-100", description="pasteurised whole milk, bulk")
    bottle = _save(mes.material, "Material", name="Milk bottle 500 ml", materialClassId=finished.id,
                   unitOfMeasureId=each.id, erpId="FG-500", shelfLifeDays=14)
    case_of_12 = _save(mes.material, "Material", name="Milk case 12 x 500 ml", materialClassId=finished.id,
                       unitOfMeasureId=case.id, erpId="FG-512", shelfLifeDays=14)
    uom.addConversion("cs", "ea", 12.0, None)        # a case is 12 of anything counted
    uom.addConversion("ea", "L", 0.5, milk.id)       # a bottle takes half a litre of milk

    loc = mes.location
    company = _save(loc, "Location", name="DairyCo", type="ENTERPRISE")
    plant = _save(loc, "Location", name="Plant1", type="SITE", parentId=company.id)
    line = _save(loc, "Location", name="Line1", type="LINE", parentId=plant.id)
    _save(loc, "Location", name="Receiving", type="AREA", parentId=plant.id, lotStorageStrategy="ALLOW_MULTIPLE",
          processType="STORAGE", description="tanker bay")
    _save(loc, "Location", name="Filler", type="CELL", parentId=line.id, lotStorageStrategy="ALLOW_SINGLE_OR_THROW",
          description="filler buffer tank: one milk lot at a time")
    _save(loc, "Location", name="Packing", type="CELL", parentId=line.id, lotStorageStrategy="ALLOW_MULTIPLE",
          lotUseStrategy="FIFO", description="filled bottles waiting for the case packer")
    _save(loc, "Location", name="Warehouse", type="AREA", parentId=plant.id, lotStorageStrategy="ALLOW_MULTIPLE",
          processType="STORAGE")
    _save(loc, "Location", name="Scrap", type="AREA", parentId=plant.id, lotStorageStrategy="ALLOW_MULTIPLE",
          description="reject bin")

    damaged = _save(mes.material, "MaterialReasonCode", reasonCode="DAMAGED", lotRecordType="SCRAP",
                    description="bottle damaged on the line")
    order = _save(mes.productionOrder, "ProductionOrder", name=ORDER, productId=bottle.id, quantity=20000.0,
                  locationId=line.id, notes="500 ml bottles for the week")
    packaging = _save(mes.operation, "Operation", name="Packaging", locationId=line.id, triggerSource="MANUAL")
    return {"line": line, "order": order, "packaging": packaging, "damaged": damaged,
            "materials": (milk, bottle, case_of_12)}


def build_inventory_operations(system, plant):
    io = system.mes.inventory.operation
    running, count = "{%sRunning}" % LINE, "{%sCount}" % LINE
    lot_code, scrap_count = "{%sLotCode}" % LINE, "{%sScrapCount}" % LINE
    case_lot = "%s + \"-CS\"" % lot_code
    common = dict(operationId=plant["packaging"].id, triggerSource="EXPRESSION",
                  startTriggerExpression=running, startTriggerType="RISING_EDGE",
                  stopTriggerExpression=running, stopTriggerType="FALLING_EDGE",
                  quantitySource="EXPRESSION", quantityExpression=count, quantityCalcType="DELTA",
                  quantityOverflowValue=float(ROLLOVER), unitOfMeasureName="Each")
    ops = {}
    # Milk into bottles: the milk lot in the filler tank (FROM_LOCATION), counted in bottles and
    # converted to litres; the bottle lot it goes into is the genealogy link (secondary lot).
    ops["consume"] = _save(io, "InventoryOperation", name="Filler: consume milk", operationType="CONSUME",
                           sourceLocationPath=LOCATIONS[1], materialPath=MILK,
                           primaryLotResolutionStrategy="FROM_LOCATION",
                           secondaryMaterialPath=BOTTLE, secondaryLotResolutionStrategy="EXPRESSION",
                           secondaryLotCodeExpression=lot_code, createLotIfNotFound=True, **common)
    ops["produce"] = _save(io, "InventoryOperation", name="Filler: produce bottles", operationType="PRODUCE",
                           destinationLocationPath=LOCATIONS[2], materialPath=BOTTLE,
                           primaryLotResolutionStrategy="EXPRESSION", primaryLotCodeExpression=lot_code,
                           createLotIfNotFound=True, incrementProductionOrderCount=True, **common)
    ops["scrap"] = _save(io, "InventoryOperation", name="Line: scrap broken bottles", operationType="SCRAP",
                         operationId=plant["packaging"].id, triggerSource="MANUAL",
                         sourceLocationPath=LOCATIONS[2], materialPath=BOTTLE,
                         primaryLotResolutionStrategy="EXPRESSION", primaryLotCodeExpression=lot_code,
                         quantitySource="EXPRESSION", quantityCalcType="DIRECT", quantityExpression=scrap_count,
                         unitOfMeasureName="Each", reasonCodeName="DAMAGED")
    # The case packer: cases of a lot are lot code + "-CS"; a case takes 12 bottles (cs -> ea).
    ops["pack"] = _save(io, "InventoryOperation", name="Packer: produce cases", operationType="PRODUCE",
                        operationId=plant["packaging"].id, triggerSource="MANUAL",
                        destinationLocationPath=LOCATIONS[3], materialPath=CASE,
                        primaryLotResolutionStrategy="EXPRESSION", primaryLotCodeExpression=case_lot,
                        secondaryMaterialPath=BOTTLE, secondaryLotResolutionStrategy="EXPRESSION",
                        secondaryLotCodeExpression=lot_code, createLotIfNotFound=True,
                        quantitySource="MANUAL", unitOfMeasureName="Case")
    ops["unpack"] = _save(io, "InventoryOperation", name="Packer: consume bottles", operationType="CONSUME",
                          operationId=plant["packaging"].id, triggerSource="MANUAL",
                          sourceLocationPath=LOCATIONS[2], materialPath=BOTTLE,
                          primaryLotResolutionStrategy="EXPRESSION", primaryLotCodeExpression=lot_code,
                          secondaryMaterialPath=CASE, secondaryLotResolutionStrategy="EXPRESSION",
                          secondaryLotCodeExpression=case_lot,
                          quantitySource="MANUAL", unitOfMeasureName="Case")
    return ops


# -- the shift -----------------------------------------------------------------------------------------

class Shift(object):
    """The simulated line: a PLC writing the tags, the gateway timer ticking, operators acting."""

    def __init__(self, system, plant, ops, minutes, tick_ms, seed, say):
        self.system, self.plant, self.ops = system, plant, ops
        self.minutes, self.tick_ms, self.say = minutes, tick_ms, say
        self.random = random.Random(seed)
        self.clock = system.clock
        self.count = 0
        self.wraps = 0
        self.running = False
        self.made = 0.0          # fractional bottles carried between ticks
        self.run_bottles = 0
        self.edges = 0
        self.ticks = 0
        self.lots = []            # bottle lot codes, in order
        self.events = []
        self.scrapped = 0
        self.rejected = 0
        self.bottles = 0          # every bottle the PLC counted this shift
        self.records = None
        self.note_every = max(60000, int(minutes * 60000 / 12) // 60000 * 60000)
        self.next_note = SHIFT_START + self.note_every
        self.packed = {}

    # tags and time -------------------------------------------------------------------------------

    def write(self, **values):
        self.system.tag.writeBlocking([LINE + k for k in values], list(values.values()))

    def tick(self):
        self.ticks += 1
        self.edges += self.system.mes.inventory.operation.tick()

    def run_until(self, minute):
        """Advance the clock tick by tick to `minute` of the shift, the PLC counting while running."""
        end = self.at(minute)
        while self.clock.now_millis() < end:
            step = min(self.tick_ms, end - self.clock.now_millis())
            self.clock.advance(step)
            if self.running:
                self.made += SPEED * step / 1000.0 * self.random.uniform(0.85, 1.1)
                whole = int(self.made)
                self.made -= whole
                self.run_bottles += whole
                self.bottles += whole
                if self.count + whole >= ROLLOVER:
                    self.wraps += 1
                self.count = (self.count + whole) % ROLLOVER
                self.write(Count=self.count)
            self.tick()
            if self.clock.now_millis() >= self.next_note:
                self.next_note += self.note_every
                self.progress()

    def at(self, minute):
        """The epoch millis of `minute` into the shift, on a whole second."""
        return SHIFT_START + int(round(minute * 60)) * 1000

    def clock_text(self, millis=None):
        millis = self.clock.now_millis() if millis is None else millis
        return time.strftime("%H:%M:%S", time.gmtime(millis / 1000.0))

    def progress(self, event=None):
        # Records are written only at the events (a tick's edges are the line's starts and stops),
        # so the count is read again only then.
        if self.records is None:
            for line in PROGRESS_LEGEND:
                self.say(line)
        if event is not None or self.records is None:
            self.records = self.records_written()
        records = self.records
        status = self.system.mes.inventory.operation.getInventoryOperationStatus(self.ops["produce"].id)
        line = "  %s  %-7s Count %5d (wrapped %d)  lot %-13s run %5d bottles  ops %-7s  records %3d" % (
            self.clock_text(), "RUNNING" if self.running else "stopped", self.count, self.wraps,
            self.lots[-1] if self.lots else "-", self.run_bottles, status, records)
        self.say(line + ("  <- " + event if event else ""))

    def records_written(self):
        mes = self.system.mes
        seen = set()
        for lot in mes.inventory.getAllLots():
            request = mes.inventory.newLotHistoryRequest()
            request["lotId"] = lot.id
            seen.update(r.id for r in mes.inventory.getLotHistory(**request))
        return len(seen)

    def event(self, text):
        self.events.append((self.clock_text(), text))
        self.progress(text)

    # operators and the line ------------------------------------------------------------------------

    def receive_milk(self, tanker, litres, farm_lot):
        inv = self.system.mes.inventory
        request = inv.newReceiveRequest()
        request.update(quantity=litres, materialIdOrPath=MILK, destinationLocationIdOrPath=LOCATIONS[0],
                       lotIdOrName=tanker, createIfNotExists=True, sourceLotIdOrName=farm_lot,
                       sourceMaterialIdOrPath=MILK, notes="tanker from %s" % FARM)
        inv.receive(**request)

    def move_to_filler(self, tanker, litres):
        inv = self.system.mes.inventory
        request = inv.newMoveRequest()
        request.update(quantity=litres, materialIdOrPath=MILK, lotIdOrName=tanker,
                       sourceLocationIdOrPath=LOCATIONS[0], destinationLocationIdOrPath=LOCATIONS[1])
        inv.move(**request)

    def start_line(self, lot_code=None):
        if lot_code:
            self.lots.append(lot_code)
            self.write(LotCode=lot_code, Material=BOTTLE)
        self.running, self.run_bottles = True, 0
        self.write(Running=True)
        self.tick()

    def stop_line(self):
        self.running = False
        self.write(Running=False)
        self.tick()

    def scrap(self, bottles):
        """Bottles of the current lot broke: the HMI writes ScrapCount, the operator presses Scrap
        (executeInventoryOperation reads the quantity DIRECTly from the tag)."""
        self.write(ScrapCount=bottles)
        self.system.mes.inventory.operation.executeInventoryOperation(self.ops["scrap"].id)
        self.scrapped += bottles
        self.write(ScrapCount=0)

    def reject(self, lot_code, bottles):
        """QA pulls underfilled bottles off the line into the reject bin (a move to Scrap)."""
        inv = self.system.mes.inventory
        request = inv.newMoveRequest()
        request.update(quantity=bottles, materialIdOrPath=BOTTLE, lotIdOrName=lot_code, notes="underfilled",
                       sourceLocationIdOrPath=LOCATIONS[2], destinationLocationIdOrPath=LOCATIONS[4])
        inv.move(**request)
        self.rejected += bottles

    def pack_cases(self, lot_code):
        """The case packer takes every full case of the lot's bottles waiting at Packing."""
        mes = self.system.mes
        row = mes.inventory.getInventoryByLotAndLocation(lot_code, BOTTLE, LOCATIONS[2])
        cases = int((row.quantity if row else 0) // 12)
        if cases:
            io = mes.inventory.operation
            io.executeInventoryOperation(self.ops["pack"].id, quantity=cases)
            io.executeInventoryOperation(self.ops["unpack"].id, quantity=cases)
            self.packed[lot_code] = cases
        return cases

    def run(self):
        mes, minutes = self.system.mes, self.minutes
        day = time.strftime("%y%m%d", time.gmtime(SHIFT_START / 1000.0))
        lot_a, lot_b = "L1-%s-A" % day, "L1-%s-B" % day
        bottles_needed = SPEED * 1.1 * minutes * 60
        litres = int(max(4000, (bottles_needed * 0.5 // 1000 + 1) * 1000))
        # The counter starts where it wraps about a quarter into the shift.
        self.count = max(0, ROLLOVER - int(SPEED * minutes * 60 * 0.2))
        self.write(Count=self.count, CountRollover=ROLLOVER)

        self.say("shift %s, %d min simulated, a tick every %d ms (simulated)" % (
            time.strftime("%Y-%m-%d %H:%M", time.gmtime(SHIFT_START / 1000.0)), minutes, self.tick_ms))
        self.receive_milk("T-%s-01" % day, litres, "GF-7781")
        self.receive_milk("T-%s-02" % day, 6000, "GF-7782")
        self.move_to_filler("T-%s-01" % day, litres)
        self.event("received 2 tankers of milk (%d L + 6000 L; the farm's lots GF-7781, GF-7782), "
                   "moved tanker 1 to the filler" % litres)
        mes.operation.startOperation(self.plant["packaging"].id, ORDER)
        self.tick()  # the first sample after a load only primes the detectors
        self.event("operation Packaging started on %s" % ORDER)

        self.run_until(minutes * 0.03)
        self.start_line(lot_a)
        self.event("line started, lot %s" % lot_a)
        self.run_until(minutes * 0.30)
        self.stop_line()
        self.event("jam at the capper: line stopped")
        self.scrap(12)
        self.event("12 bottles broken in the jam: scrapped (ScrapCount, reason DAMAGED)")
        self.run_until(minutes * 0.30 + max(1, minutes * 0.02))
        self.start_line()
        self.event("jam cleared, line restarted")
        self.run_until(minutes * 0.50)
        self.stop_line()
        self.event("end of lot %s: line stopped for the changeover" % lot_a)
        self.reject(lot_a, 36)
        self.event("QA moved 36 underfilled bottles of %s to the reject bin" % lot_a)
        self.event("packer: %d cases of %s to the warehouse" % (self.pack_cases(lot_a), lot_a))
        self.run_until(minutes * 0.58)
        self.start_line(lot_b)
        self.event("line started, lot %s" % lot_b)
        self.run_until(minutes * 0.97)
        self.stop_line()
        self.event("end of lot %s: line stopped" % lot_b)
        self.event("packer: %d cases of %s to the warehouse" % (self.pack_cases(lot_b), lot_b))
        self.run_until(minutes)
        mes.operation.stopOperation(self.plant["packaging"].id)
        self.event("operation Packaging stopped: end of shift")
        return {"lots": self.lots, "milk_lot": "T-%s-01" % day, "farm_lot": "GF-7781"}


# -- the report ----------------------------------------------------------------------------------------

def _qty(value):
    if value is None:
        return "-"
    return ("%.3f" % value).rstrip("0").rstrip(".")


def _time(iso):
    return iso[11:19] if iso else "        "


def _table(headers, rows):
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows)] if rows else [len(h) for h in headers]
    fmt = "  ".join("%%-%ds" % w for w in widths)
    lines = [fmt % tuple(headers), fmt % tuple("-" * w for w in widths)]
    lines += [fmt % tuple(str(x) for x in row) for row in rows]
    return ["    " + line.rstrip() for line in lines]


def inventory_section(mes):
    """Every location that stores inventory, with its rows from getAllInventory()."""
    held = {}
    for r in mes.inventory.getAllInventory():
        held.setdefault(r.locationPath, []).append((r.lotName, r.materialPath, _qty(r.quantity), r.unitOfMeasureName))
    lines = ["Inventory per location"]
    stores = [loc for loc in mes.location.getAllLocations() if loc.lotStorageStrategy != "NO_STORAGE"]
    for location in sorted(stores, key=lambda loc: LOCATIONS.index(loc.path) if loc.path in LOCATIONS else 99):
        rows = sorted(held.get(location.path, []))
        lines.append("  %s  (%s)" % (location.path, location.lotStorageStrategy))
        lines += _table(["lot", "material", "quantity", "unit"], rows) if rows else ["    (empty)"]
    return lines


def history_section(mes, lot_name):
    lot = mes.inventory.getLotByIdOrNameAndMaterial(lot_name, BOTTLE)
    request = mes.inventory.newLotHistoryRequest()
    request["lotId"] = lot.id
    rows = []
    for r in mes.inventory.getLotHistory(**request):
        other = r.secondaryInventoryLotName if r.inventoryLotName == lot_name else r.inventoryLotName
        rows.append((_time(r.startDate), _time(r.endDate), r.lotRecordType, r.status, _qty(r.quantity),
                     r.unitOfMeasureSymbol or "", _short(r.sourceLocationPath), _short(r.destinationLocationPath),
                     other or ""))
    unit = lot.unitOfMeasureSymbol
    held = [(_short(r.locationPath), r.quantity) for r in mes.inventory.getAllInventory()
            if r.lotName == lot_name and r.materialPath == BOTTLE and r.quantity]
    on_hand = sum(q for _, q in held)
    where = ", ".join("%s at %s" % (_qty(q), place) for place, q in held) or "none left"
    return (["Lot history of %s (%s), lot status %s" % (lot_name, BOTTLE, lot.status),
             "    lifetime total %s %s: every bottle ever produced into the lot (the lot's totalQuantity;"
             % (_qty(lot.totalQuantity), unit),
             "        consuming, scrapping and moving do not lower it)",
             "    on hand now    %s %s (%s); the rest was packed into cases or scrapped, as the rows show"
             % (_qty(on_hand), unit, where)] +
            _table(["start", "end", "type", "status", "qty", "unit", "from", "to", "linked lot"], rows) +
            ["    (rows linked to %s: its milk, consumed into it; rows linked to %s-CS: it packed into cases)"
             % (_milk_lots(rows), lot_name)])


def _milk_lots(rows):
    return ", ".join(sorted(set(r[-1] for r in rows if r[-1].startswith("T-")))) or "-"


def _short(path):
    return path.replace("DairyCo/Plant1/", "") if path else ""


def trace(mes, lot_id, direction):
    return mes.trackandtrace.getLotTraceGraph(lot_id, direction, 5)


def genealogy_heading(milk_lot, case_lot):
    """The picture's and the report's heading: both traces in plain words."""
    return "Lot genealogy: where the milk of tanker lot %s went, and what went into case lot %s" % (
        milk_lot, case_lot)


def genealogy(mes, milk_lot, case_lot):
    """Both traces (forward from the milk lot: OUTPUT; back from a finished case lot: INPUT) as one
    graph."""
    roots = [mes.inventory.getLotByIdOrNameAndMaterial(milk_lot, MILK),
             mes.inventory.getLotByIdOrNameAndMaterial(case_lot, CASE)]
    nodes, edges = {}, {}
    for root, direction in zip(roots, ("OUTPUT", "INPUT")):
        graph = trace(mes, root.id, direction)
        for node in graph.nodes:
            nodes.setdefault(node.id, node)
        for edge in graph.edges:
            edges.setdefault(edge.id, edge)
    records = dict((r.id, r) for r in mes.trackandtrace.getLotTraceTable(list(edges)))
    drawn_nodes = []
    receivers = set(edge.target for edge in edges.values())
    for node_id, node in nodes.items():
        lot = mes.inventory.getLot(node_id)
        total = "lifetime total %s %s" % (_qty(lot.totalQuantity), lot.unitOfMeasureSymbol)
        if node_id not in receivers and not lot.totalQuantity:
            total = "supplier's lot number"
        drawn_nodes.append({"id": node_id, "title": node.data.lotName, "group": node.data.materialName,
                            "root": node_id in [r.id for r in roots], "lines": [node.data.materialName, total]})
    # One arrow per pair of lots; several records between them (two runs, a case packed with its
    # PRODUCE and CONSUME) are summed per record type and unit into its label.
    pairs, order, count = {}, [], {}
    for edge_id, edge in edges.items():
        key = (edge.source, edge.target)
        if key not in pairs:
            pairs[key] = {}
            order.append(key)
        count[key] = count.get(key, 0) + 1
        record = records.get(edge_id)
        if record is not None:
            kind = (record.lotRecordType, record.unitOfMeasureSymbol)
            pairs[key][kind] = pairs[key].get(kind, 0.0) + (record.quantity or 0.0)
    drawn_edges = []
    for source, target in order:
        label = ["%s %s %s" % (kind, _qty(total), unit) for (kind, unit), total in sorted(
            pairs[(source, target)].items(), key=lambda item: item[0][0] != "PRODUCE")]
        drawn_edges.append({"source": source, "target": target, "label": label, "records": count[(source, target)]})
    return drawn_nodes, drawn_edges


def report(system, shift, names, svg_path, wall_seconds):
    mes = system.mes
    order = mes.productionOrder.getProductionOrder(ORDER)
    produced = sum(r.quantity for lot in shift.lots for r in _history(mes, lot, "PRODUCE"))
    audit = mes.inventory.auditInventoryLedger()
    nodes, edges = genealogy(mes, names["milk_lot"], shift.lots[0] + "-CS")
    lines = ["=" * 78,
             "MES inventory demo (the Tamaki MES API) - DairyCo / Plant1 / Line1, shift of %s" % time.strftime(
                 "%Y-%m-%d", time.gmtime(SHIFT_START / 1000.0)),
             "=" * 78, "",
             "Shift: %s to %s simulated (%d min), %d trigger ticks, %d edges fired, counter wrapped %d time(s),"
             % (shift.clock_text(SHIFT_START), shift.clock_text(), shift.minutes, shift.ticks, shift.edges,
                shift.wraps),
             "       lots %s, %d bottles scrapped, %d rejected; simulated in %.1f s" % (
                 ", ".join(shift.lots), shift.scrapped, shift.rejected, wall_seconds), ""]
    lines += ["Events"] + ["    %s  %s" % e for e in shift.events] + [""]
    lines += inventory_section(mes) + [""]
    lines += ["Production order %s (%s)" % (order.name, BOTTLE),
              "    target %s, produced %s (PRODUCE records: %s), operation Packaging is %s" % (
                  _qty(order.quantity), _qty(order.quantityProduced), _qty(produced),
                  mes.operation.getOperationStatus(shift.plant["packaging"].id)), ""]
    lines += history_section(mes, shift.lots[0]) + [""]
    lines += [genealogy_heading(names["milk_lot"], shift.lots[0] + "-CS"),
              "    %d lots, %d links (%d lot records): %s" % (
                  len(nodes), len(edges), sum(e["records"] for e in edges),
                  ", ".join(sorted(n["title"] for n in nodes))),
              "    %s is %s's own lot number for the milk in tanker %s: it was recorded at receipt as"
              % (names["farm_lot"], FARM, names["milk_lot"]),
              "        the tanker lot's source lot, so a trace reaches back to the farm; it holds no stock here.",
              "    A box's 'lifetime total' is everything ever produced or received into that lot, not what is",
              "        on hand; an arrow runs from the lot that gave material to the lot that received it.",
              "    picture: %s" % svg_path, ""]
    if audit:
        lines += ["Ledger audit: %d DISCREPANCIES" % len(audit)] + ["    %s" % d for d in audit]
    else:
        lines.append("Ledger audit: clean (every inventory row equals the sum of its lot records)")
    return {"text": "\n".join(lines) + "\n", "audit": audit, "order": order, "produced": produced,
            "nodes": nodes, "edges": edges}


def _history(mes, lot_name, record_type):
    request = mes.inventory.newLotHistoryRequest()
    request.update(lotId=mes.inventory.getLotByIdOrNameAndMaterial(lot_name, BOTTLE).id, lotRecordType=record_type,
                   status="COMPLETED")
    return [r for r in mes.inventory.getLotHistory(**request) if r.inventoryLotName == lot_name]


# -- the recall, after the shift ------------------------------------------------------------------------

RECALL_LAB_MINUTES = 90   # the lab result arrives 90 min after the shift, a truck has left before it
CUSTOMER = "RetailCo DC North"


def recall_step(system, milk_lot, result):
    """After the shift: a truck ships cases of the first bottle lot, then the lab finds the tanker lot
    contaminated. The lot's exposure (getLotExposure) and the hold of everything made from it
    (holdExposure) are added to the report text, the held lots are marked on the picture's nodes,
    what the tanker held at mid-shift comes from getInventoryAsOf, and the audit runs again."""
    mes, clock = system.mes, system.clock
    mid_shift = (SHIFT_START + clock.now_millis()) // 2
    shipped = _ship_first_cases(mes)
    clock.advance(RECALL_LAB_MINUTES * 60000)
    found_at = clock.now_millis()
    exposure = mes.trackandtrace.getLotExposure(milk_lot, MILK)
    held = mes.inventory.holdExposure(milk_lot, MILK, notes="lab: tanker %s contaminated" % milk_lot)["hold"]
    then = [r for r in mes.inventory.getInventoryAsOf(mid_shift, LOCATIONS[1]) if r.lotName == milk_lot]
    audit = mes.inventory.auditInventoryLedger()
    held_ids = set(c.lotId for c in held.changed + held.unchanged)
    for node in result["nodes"]:
        node["held"] = node["id"] in held_ids
    result["text"] += "\n".join(recall_section(exposure, held, shipped, found_at, milk_lot, mid_shift, then, audit))
    result["text"] += "\n"
    result.update(audit=result["audit"] + audit, exposure=exposure, held=held)
    return result


def _ship_first_cases(mes):
    """Half of the first case lot leaves for the customer (a SHIP record); returns (lot, quantity)."""
    rows = [r for r in mes.inventory.getAllInventoryAtLocation(LOCATIONS[3]) if r.materialPath == CASE]
    first = sorted(rows, key=lambda r: r.lotName)[0]
    quantity = max(1, int(first.quantity // 2))
    request = mes.inventory.newShipRequest()
    request.update(materialIdOrPath=CASE, lotIdOrName=first.lotId, quantity=quantity,
                   sourceLocationIdOrPath=LOCATIONS[3], notes="truck to %s" % CUSTOMER)
    mes.inventory.ship(**request)
    return first.lotName, quantity


def recall_section(exposure, held, shipped, found_at, milk_lot, mid_shift, then, audit):
    """The report's recall part: the event, every exposed lot, the totals, the hold, the audit."""
    when = time.strftime("%H:%M", time.gmtime(found_at / 1000.0))
    lines = ["", "Recall after the shift",
             "    %s  the lab finds tanker lot %s contaminated; %s cases of %s had already left for %s" % (
                 when, milk_lot, _qty(shipped[1]), shipped[0], CUSTOMER),
             "    at %s (mid-shift) the filler held %s of it (getInventoryAsOf)" % (
                 time.strftime("%H:%M", time.gmtime(mid_shift / 1000.0)),
                 ", ".join("%s %s" % (_qty(r.quantity), r.unitOfMeasureSymbol) for r in then) or "none"),
             "", "    Exposure of %s (getLotExposure, OUTPUT: every lot made from it, at any depth)" % milk_lot]
    rows = []
    for lot in exposure.lots:
        rows.append((lot.depth, lot.lotName, lot.materialPath.split("/")[-1], _qty(lot.onHand),
                     _qty(sum(s.quantity for s in lot.shipped)), _qty(sum(c.quantity for c in lot.consumed)),
                     _qty(sum(s.quantity for s in lot.scrapped)), lot.unitOfMeasureSymbol,
                     " -> ".join([lot.path[0].sourceLotName] + [e.targetLotName for e in lot.path]) if lot.path else
                     "(the lot found bad)"))
    lines += _table(["depth", "lot", "material", "on hand", "shipped", "consumed", "scrapped", "unit", "path"], rows)
    lines += ["", "    Totals per material (in its unit)"]
    lines += _table(["material", "lots", "on hand", "shipped", "consumed", "scrapped", "unit"],
                    [(t.materialPath, t.lots, _qty(t.onHand), _qty(t.shipped), _qty(t.consumed), _qty(t.scrapped),
                      t.unitOfMeasureSymbol) for t in exposure.totals])
    lines += ["", "    Held (holdExposure, status %s, one STATUS_CHANGE record per lot): %s" % (
        held.status, ", ".join(sorted(c.lotName for c in held.changed)) or "none")]
    if held.skipped:
        lines.append("    left alone: %s" % ", ".join("%s (%s)" % (s.lotName, s.lotStatus) for s in held.skipped))
    lines.append("    Ledger audit after the recall: %s" % ("clean" if not audit else "%d DISCREPANCIES" % len(audit)))
    return lines


# -- main ----------------------------------------------------------------------------------------------

def main(out, shift_minutes=120, tick_ms=1000, seed=7, say=None):
    """Run the demo into the folder `out`; returns a dict with the report text, the audit result,
    the paths written and the shift's figures (for tests)."""
    say = say or (lambda text: print(text, flush=True))
    if shift_minutes < 10:
        raise ValueError("shift_minutes must be at least 10, not %s" % shift_minutes)
    os.makedirs(out, exist_ok=True)
    began = time.time()
    with harness.gateway(db="sqlite", clock=Clock(SHIFT_START - 15 * 60000)) as system:
        for name, value, data_type in TAGS:
            system.tag.create_tag(LINE + name, value, data_type=data_type)
        say("Setting up DairyCo/Plant1 on embedded SQLite (schema version %s)" % system.mes.setup.getSchemaVersion())
        plant = build_plant(system)
        ops = build_inventory_operations(system, plant)
        say("  %d locations, %d materials, %d units, %d inventory operations, production order %s"
            % (len(system.mes.location.getAllLocations()), len(system.mes.material.getAllMaterials()),
               len(system.mes.unitOfMeasure.getAllUnitsOfMeasure()),
               len(system.mes.inventory.operation.getAllInventoryOperations()), ORDER))
        system.clock.set(SHIFT_START)
        shift = Shift(system, plant, ops, shift_minutes, tick_ms, seed, say)
        names = shift.run()
        svg_path = os.path.join(out, "genealogy.svg")
        report_path = os.path.join(out, "report.txt")
        result = report(system, shift, names, svg_path, time.time() - began)
        recall_step(system, names["milk_lot"], result)
        with open(svg_path, "w") as handle:
            handle.write(genealogy_svg.render(
                result["nodes"], result["edges"], title=genealogy_heading(names["milk_lot"], shift.lots[0] + "-CS"),
                subtitle="An arrow runs from the lot that gave material to the lot that received it; "
                         "%s is %s's lot number for the tanker's milk." % (names["farm_lot"], FARM)))
        with open(report_path, "w") as handle:
            handle.write(result["text"])
        faults = [r for r in system.util.log_records if r[1] in ("error", "warn")]
    say("")
    say(result["text"])
    say("report:  %s" % report_path)
    say("picture: %s" % svg_path)
    say("demo finished in %.1f s" % (time.time() - began))
    result.update(report_path=report_path, svg_path=svg_path, wraps=shift.wraps, lots=shift.lots, faults=faults,
                  milk_lot=names["milk_lot"], farm_lot=names["farm_lot"], bottles_counted=shift.bottles)
    return result


def cli(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.join(REPO, "build", "demo"), help="folder for report and picture")
    parser.add_argument("--shift-minutes", type=int, default=120, help="simulated shift length (default 120)")
    parser.add_argument("--tick-ms", type=int, default=1000, help="simulated time between trigger ticks")
    parser.add_argument("--seed", type=int, default=7, help="seed of the line's speed variation")
    args = parser.parse_args(argv)
    result = main(args.out, args.shift_minutes, args.tick_ms, args.seed)
    if result["audit"]:
        print("FAILED: the ledger audit found %d discrepancies" % len(result["audit"]), file=sys.stderr)
        return 1
    if result["faults"]:
        print("FAILED: the gateway logged errors: %s" % result["faults"], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(cli())
