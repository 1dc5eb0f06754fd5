"""publishInventoryState: the inventory of locations written to tags for an HMI (docs/queries.md).

Layout, under a configurable provider and root folder ([default]MES/Inventory unless
mes.setup.configureInventoryTags says otherwise), one folder per location mirroring the plant
(DairyCo/Plant1/Line1), each holding an `_Inventory` folder shaped like the UDT
gateway_resources/tags/mes_inventory_udts.json:

    _Inventory/LocationId, LocationPath, LotCount, TotalQuantity, Unit
    _Inventory/Lots/<lot name>/LotId, LotName, MaterialPath, MaterialName, Quantity, Unit, Status,
                               InventoryName

TotalQuantity is the sum of the lots' quantities when they share one unit, else null (Unit then
lists the symbols). Tags are created with one system.tag.configure call where missing, every value
is written with one system.tag.writeBlocking, and the lot folders of lots no longer at a published
location are removed with one system.tag.deleteTags; the existing tree is read with one browse.
"""
from __future__ import absolute_import

import re

from mes import settings as project_settings
from mes.core import errors, platform
from mes.core.compat import is_string
from mes.persistence import db
from mes.services import finders, inventory_rows
from mes.services.locations import LOCATION

MEMBERS_FOLDER = "_Inventory"
LOTS_FOLDER = "Lots"
_SETTINGS_KEY = "inventory_tags"
_UNSAFE = re.compile(r"[^A-Za-z0-9 _\-]")
LOCATION_MEMBERS = (("LocationId", "String"), ("LocationPath", "String"), ("LotCount", "Int4"),
                    ("TotalQuantity", "Float8"), ("Unit", "String"))
LOT_MEMBERS = (("LotId", "String"), ("LotName", "String"), ("MaterialPath", "String"), ("MaterialName", "String"),
               ("Quantity", "Float8"), ("Unit", "String"), ("Status", "String"), ("InventoryName", "String"))


def configure_tags(provider=None, root=None):
    """Set the tag provider and root folder publishing writes under (kept in the gateway globals)."""
    state = platform.runtime_state()
    current = state.get(_SETTINGS_KEY)
    if current is None:
        current = state.setdefault(_SETTINGS_KEY, {})
    for key, value in (("provider", provider), ("root", root)):
        if value is not None:
            if not is_string(value) or not value.strip("/[] "):
                raise errors.ValidationError.for_field(key, "%s must be a non-empty name, not %r" % (key, value))
            current[key] = value.strip("/[] ")


def settings():
    """{'provider', 'root'}: what configure_tags set in this JVM, else mes/settings.py's values."""
    configured = platform.runtime_state().get(_SETTINGS_KEY) or {}
    return {"provider": configured.get("provider") or project_settings.INVENTORY_TAG_PROVIDER.strip("/[] "),
            "root": configured.get("root") or project_settings.INVENTORY_TAG_ROOT.strip("/[] ")}


def publish(location_ids_or_paths=None):
    """Write the inventory of the given locations (all when None) to tags."""
    session = db.reader()
    locations, rows = _locations_and_rows(session, location_ids_or_paths)
    symbols = dict((u["id"], u["symbol"]) for u in finders.UNITS_OF_MEASURE.find(
        session, {"pageSize": None})["content"])
    base = "[%s]%s" % (settings()["provider"], settings()["root"])
    wanted = {}
    lot_folders = {}
    for location in locations:
        folder = base + "/" + "/".join(safe_name(p) for p in location["path"].split("/")) + "/" + MEMBERS_FOLDER
        here = [r for r in rows if r["locationId"] == location["id"]]
        wanted.update(_location_values(folder, location, here, symbols))
        lot_folders[folder + "/" + LOTS_FOLDER] = _lot_values(folder + "/" + LOTS_FOLDER, here, symbols, wanted)
    tag = platform.system().tag
    existing = _existing(tag, base)
    missing = [path for path in sorted(wanted) if path.lower() not in existing]
    if missing:
        tag.configure("[%s]" % settings()["provider"], _configuration(missing, wanted), "m")
    paths = sorted(wanted)
    tag.writeBlocking(paths, [wanted[p][0] for p in paths])
    stale = _stale_lot_folders(existing, lot_folders)
    if stale:
        tag.deleteTags(stale)


def safe_name(text):
    """A tag name from a location or lot name: characters a tag name may not hold become '_'."""
    return _UNSAFE.sub("_", text or "_").strip() or "_"


def _locations_and_rows(session, given):
    if given is None:
        every = finders.LOCATIONS.find(session, {"pageSize": None, "sortFields": ["path"]})["content"]
        return every, inventory_rows.all_inventory(session)
    if is_string(given) or not hasattr(given, "__iter__"):
        raise errors.ValidationError.for_field("locationIdsOrPaths", "locationIdsOrPaths must be a list of "
                                               "location ids or paths, not %r" % (given,))
    chosen = [LOCATION.require(session, g) for g in given]
    rows = []
    for location in chosen:
        rows.extend(inventory_rows.all_inventory_at_location(session, location["id"]))
    return chosen, rows


def _location_values(folder, location, rows, symbols):
    units = sorted(set(symbols.get(r["unitOfMeasureId"]) or "" for r in rows))
    total = sum(r["quantity"] for r in rows) if len(units) == 1 else (0.0 if not units else None)
    values = (location["id"], location["path"], len(rows), total, ", ".join(units))
    return dict((folder + "/" + name, (value, kind)) for (name, kind), value in zip(LOCATION_MEMBERS, values))


def _lot_values(lots_folder, rows, symbols, wanted):
    """Adds every lot's tags to `wanted`; returns the lot folder names (lower case) in use."""
    names = {}
    for row in sorted(rows, key=lambda r: (r["lotName"] or "", r["lotId"])):
        name = safe_name(row["lotName"])
        if name.lower() in names:  # two lots of one name (different materials) or unsafe characters
            name = "%s_%s" % (name, row["lotId"])
        names[name.lower()] = name
        material = row["materialPath"] or ""
        values = (row["lotId"], row["lotName"], material, material.split("/")[-1], row["quantity"],
                  symbols.get(row["unitOfMeasureId"]) or "", row["lotStatus"], row["name"] or "")
        for (member, kind), value in zip(LOT_MEMBERS, values):
            wanted["%s/%s/%s" % (lots_folder, name, member)] = (value, kind)
    return set(names)


def _existing(tag, base):
    """Lower-cased full paths of every folder and tag below the root folder (one browse)."""
    return set(str(r["fullPath"]).lower() for r in tag.browse(base, {"recursive": True}))


def _stale_lot_folders(existing, lot_folders):
    stale = []
    for lots_folder, in_use in lot_folders.items():
        prefix = lots_folder.lower() + "/"
        for path in existing:
            if path.startswith(prefix) and "/" not in path[len(prefix):] and path[len(prefix):] not in in_use:
                stale.append(path)
    return sorted(stale)


def _configuration(missing, wanted):
    """The nested folder/tag definitions system.tag.configure creates the missing tags from."""
    root = {"tags": []}
    for path in missing:
        parts = path[path.index("]") + 1:].split("/")
        node = root
        for folder in parts[:-1]:
            node = _child_folder(node, folder)
        node["tags"].append({"name": parts[-1], "tagType": "AtomicTag", "valueSource": "memory",
                             "dataType": wanted[path][1]})
    return root["tags"]


def _child_folder(node, name):
    for child in node["tags"]:
        if child.get("tagType") == "Folder" and child["name"] == name:
            return child
    child = {"name": name, "tagType": "Folder", "tags": []}
    node["tags"].append(child)
    return child
