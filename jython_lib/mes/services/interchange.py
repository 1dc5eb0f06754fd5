"""Configuration import and export as CSV and JSON (docs/interchange.md).

An export lists the objects the matching get returns, with every reference written twice: by id
and by path or name. An import checks every row before writing any, reports each bad row by number
and field, resolves a reference by id where that id exists and by path or name otherwise, upserts
by id, else by the object's natural key, and writes the good rows in batches of one transaction
each. The import queue (per kind, in the gateway globals) counts the rows still waiting; cancelling
stops the import after the batch being written.
"""
from __future__ import absolute_import

import json

from mes.core import binary, dates, errors, platform, wording
from mes.core.compat import is_string, text_type
from mes.core.problems import add_problem
from mes.persistence import db, interchange_store
from mes.services import entities
from mes.services.locations import LOCATION

BATCH_SIZE = 100
TYPE_KEY = "objectType"
_QUEUES_KEY = "import_queues"


class Reference(object):
    """A reference column of a kind, written by id (`column.key`) and by `human_key` (the target's
    `lookup` column); `derived` when the get does not return the human key itself."""

    def __init__(self, column, human_key, target, lookup, derived=False):
        self.column = column
        self.human_key = human_key
        self.target = target
        self.lookup = lookup
        self.derived = derived


class Kind(object):
    """One importable object type.

    Args:
        type_name: the objectType value in files mixing kinds (materials and their classes).
        entity: the services.entities.Entity saved per row.
        finder: the query_requests.Finder that reads what an export writes.
        sort_field: the key an export is ordered by (parents before children).
        natural_key: function(values by column) -> {column: value} matching an existing row.
        references: Reference list (every reference column an import resolves).
        after_commit: optional function(saved objects) run once a batch is committed.
    """

    def __init__(self, type_name, entity, finder, sort_field, natural_key, references, after_commit=None):
        self.type_name = type_name
        self.entity = entity
        self.finder = finder
        self.sort_field = sort_field
        self.natural_key = natural_key
        self.references = references
        self.after_commit = after_commit
        self.table = entity.table
        self.by_key = dict((c.key, c) for c in entity.columns)
        self.keys = [c.key for c in entity.columns]
        shown = set()
        for partner in entity.partners:
            shown.update(partner.shown)
        self.keys += sorted(shown | set(r.human_key for r in references if r.derived))


class Interchange(object):
    """The import/export of one namespace: one kind, or several told apart by objectType."""

    def __init__(self, name, plural, kinds):
        self.name = name
        self.plural = plural
        self.kinds = kinds

    # -- export ----------------------------------------------------------------------------------

    def export_objects(self, session, keep=None):
        """The objects an export writes, kind by kind, each ordered by its sort field."""
        found = []
        for kind in self.kinds:
            request = {"pageSize": None, "sortFields": [kind.sort_field], "filters": []}
            objects = kind.finder.find(session, request)["content"]
            objects = [o for o in objects if keep is None or keep(kind, o)]
            _add_derived_keys(session, kind, objects)
            for obj in objects:
                if len(self.kinds) > 1:
                    obj[TYPE_KEY] = kind.type_name
                found.append(obj)
        return found

    def header(self):
        keys = [TYPE_KEY] if len(self.kinds) > 1 else []
        for kind in self.kinds:
            keys.extend(k for k in kind.keys if k not in keys)
        return keys

    def as_json(self, objects):
        text = json.dumps([dict(o) for o in objects], sort_keys=True, indent=2, separators=(",", ": "),
                          ensure_ascii=False)
        return text if isinstance(text, text_type) else text.decode("utf-8")

    def as_csv(self, objects):
        header = self.header()
        lines = [",".join(_csv_field(k) for k in header)]
        for obj in objects:
            lines.append(",".join(_csv_field(_csv_text(obj.get(k))) for k in header))
        return "\r\n".join(lines) + "\r\n"

    # -- import ----------------------------------------------------------------------------------

    def import_rows(self, rows, batch_size=BATCH_SIZE):
        """Check every row, then write the good ones in batches; returns the ApiResponse."""
        session = db.reader()
        known = _Known(session, self.kinds)
        for row in rows:
            kind = self._kind_of(row) if isinstance(row, dict) else None
            if kind is not None:
                known.add_planned(kind, row)
        good, bad = [], []
        for number, row in enumerate(rows, 1):
            problems = self._problems(row, known)
            if problems:
                bad.extend(_row_messages(number, problems))
            else:
                good.append((number, row))
        written, failed, cancelled = self._write(good, known, batch_size)
        return self._response(len(rows), written, bad + failed, cancelled)

    def _kind_of(self, row):
        if len(self.kinds) == 1:
            return self.kinds[0]
        wanted = row.get(TYPE_KEY) or self.kinds[-1].type_name
        for kind in self.kinds:
            if kind.type_name == wanted:
                return kind
        return None

    def _problems(self, row, known):
        if is_string(row):
            return {"(row)": [row]}
        if not isinstance(row, dict):
            return {"(row)": ["a row must be an object with the keys an export writes, not %r" % (row,)]}
        kind = self._kind_of(row)
        if kind is None:
            return {TYPE_KEY: ["%s '%s' is not one of %s" % (TYPE_KEY, row.get(TYPE_KEY), ", ".join(
                k.type_name for k in self.kinds))]}
        problems = {}
        allowed = set(kind.keys) | set([TYPE_KEY])
        # A file mixing kinds has every kind's columns: another kind's column is only an error when filled.
        for key in sorted(k for k in row if k not in allowed and row[k] is not None):
            add_problem(problems, key, "unknown column '%s' for %s%s" % (
                key, wording.with_article(kind.entity.label), wording.did_you_mean(key, kind.keys)))
        for key, column in kind.by_key.items():
            if row.get(key) is not None:
                message = entities.convert(column, row[key])[1]
                if message:
                    add_problem(problems, key, message)
        referenced = set(r.column for r in kind.references)
        for column in kind.entity.columns:
            if column.required and column.name not in referenced and column.name not in kind.entity.derived \
                    and column.name != "id" and row.get(column.key) in (None, "") and column.default is None:
                add_problem(problems, column.key, "%s is required for %s" % (column.key, wording.with_article(kind.entity.label)))
        for ref in kind.references:
            message = known.check(ref, row)
            if message:
                add_problem(problems, ref.human_key, message)
        return problems

    def _write(self, good, known, batch_size):
        queue = _queue(self.name)
        queue.update(waiting=len(good), cancelled=False)
        written, failed, cancelled = 0, [], False
        try:
            for start in range(0, len(good), batch_size):
                if queue["cancelled"]:
                    cancelled = True
                    break
                batch = good[start:start + batch_size]
                count, problem = self._write_batch(batch, known)
                written += count
                if problem:
                    failed.append(problem)
                queue["waiting"] = max(0, queue["waiting"] - len(batch))
        finally:
            queue.update(waiting=0, cancelled=False)
        return written, failed, cancelled

    def _write_batch(self, batch, known):
        saved_by_kind = []
        number = batch[0][0]
        try:
            with db.transaction() as session:
                for number, row in batch:
                    kind = self._kind_of(row)
                    saved = _save_row(session, kind, row, known)
                    saved_by_kind.append((kind, saved))
        except errors.MesError as failure:
            return 0, "row %d: %s (rows %d-%d, its batch, were not written)" % (
                number, failure.message, batch[0][0], batch[-1][0])
        for kind, saved in saved_by_kind:
            if kind.after_commit:
                kind.after_commit(saved)
        return len(batch), None

    def _response(self, total, written, problems, cancelled):
        message = "imported %d of %d %s" % (written, total, self.plural)
        if cancelled:
            message += "; the import was cancelled, the rows after the last written batch were not imported"
        if problems:
            message += "; %d problem(s), see error" % len(problems)
        return entities.api_response(not problems and not cancelled, message, written,
                                     "; ".join(problems) if problems else None)

    def queue_size(self):
        return _queue(self.name)["waiting"]

    def cancel(self):
        queue = _queue(self.name)
        waiting = queue["waiting"]
        if waiting:
            queue["cancelled"] = True
        return waiting


class _Known(object):
    """Ids and path/name values an import may reference: those in the database when the import
    starts, plus those the file itself creates; updated as rows are written."""

    def __init__(self, session, kinds):
        self.ids = {}
        self.values = {}
        for kind in kinds:
            for ref in kind.references:
                if (ref.target.name, ref.lookup) not in self.values:
                    self._load(session, ref.target, ref.lookup)

    def _load(self, session, table, lookup):
        self.ids.setdefault(table.name, set())
        self.values[(table.name, lookup)] = {}
        for id_value, value in interchange_store.ids_and_values(session, table, lookup):
            self._remember(table, lookup, id_value, value)

    def _remember(self, table, lookup, id_value, value):
        self.ids.setdefault(table.name, set()).add(id_value)
        found = self.values.setdefault((table.name, lookup), {}).setdefault(value, [])
        if id_value not in found:
            found.append(id_value)

    def add_planned(self, kind, row):
        """A row of the file will exist once written: references to it are not errors."""
        if not isinstance(row, dict):
            return
        for (table_name, lookup), values in self.values.items():
            if table_name == kind.table.name and row.get(kind.table.column(lookup).key):
                values.setdefault(row[kind.table.column(lookup).key], [])
        if kind.table.name in self.ids and row.get("id"):
            self.ids[kind.table.name].add(row["id"])

    def written(self, kind, saved):
        for (table_name, lookup) in list(self.values):
            if table_name == kind.table.name:
                self._remember(kind.table, lookup, saved["id"], saved.get(kind.table.column(lookup).key))

    def check(self, ref, row):
        """None when the row's reference can be resolved, else what is wrong."""
        given_id, given_key = row.get(ref.column.key), row.get(ref.human_key)
        if given_id not in (None, "") and given_id in self.ids.get(ref.target.name, ()):
            return None
        if given_key not in (None, ""):
            if given_key in self.values.get((ref.target.name, ref.lookup), {}):
                return None
            return "no %s with %s '%s' exists in the database or in this file; import it first" % (
                ref.target.label, ref.lookup, given_key)
        if given_id not in (None, ""):
            return "no %s with id %s exists and no %s is given to find it by" % (
                ref.target.label, given_id, ref.human_key)
        return None

    def resolve(self, ref, row):
        """The id the reference points at in this database (None when the row gives none)."""
        given_id, given_key = row.get(ref.column.key), row.get(ref.human_key)
        if given_id not in (None, "") and given_id in self.ids.get(ref.target.name, ()):
            found = self.values.get((ref.target.name, ref.lookup), {})
            if given_key in (None, "") or given_id in found.get(given_key, [given_id]):
                return given_id
        if given_key in (None, ""):
            return given_id or None
        matches = self.values.get((ref.target.name, ref.lookup), {}).get(given_key, [])
        if len(matches) > 1:
            raise errors.ValidationError.for_field(ref.human_key, "%d %ss have the %s '%s'; give the id in %s" % (
                len(matches), ref.target.label, ref.lookup, given_key, ref.column.key))
        if not matches:
            raise errors.NotFoundError("no %s with %s '%s' exists; import it first" % (
                ref.target.label, ref.lookup, given_key))
        return matches[0]


def _save_row(session, kind, row, known):
    obj = {}
    skipped = set(entities.AUDIT_KEYS) | set(kind.table.column(n).key for n in kind.entity.read_only)
    for key in kind.by_key:
        if key in row and key not in skipped:
            obj[key] = row[key]
    values = {}
    for ref in kind.references:
        if ref.column.name in kind.entity.read_only:
            continue
        obj[ref.column.key] = values[ref.column.name] = known.resolve(ref, row)
    for key, column in kind.by_key.items():
        if column.name not in values and key in obj:
            values[column.name] = entities.convert(column, obj[key])[0]
    obj["id"], existed = _target_id(session, kind, row, values)
    saved = kind.entity.save_in(session, obj)
    # A created object keeps the file's audit fields (a re-export is identical); an updated one
    # records the import as its modification.
    if not existed and all(k in row for k in entities.AUDIT_KEYS):
        audit = dict((kind.by_key[k].name, _audit_value(kind.by_key[k], row[k])) for k in entities.AUDIT_KEYS)
        interchange_store.restore_audit(session, kind.table, saved["id"], audit)
        saved.update((k, row[k]) for k in entities.AUDIT_KEYS)
    known.written(kind, saved)
    return saved


def _audit_value(column, value):
    if value in (None, ""):
        return None
    return dates.to_millis(value, column.key) if column.kind == "timestamp" else value


def _target_id(session, kind, row, values):
    """(id, exists): the row's own id where it exists, else the object matching the natural key,
    else the row's id (kept, so a re-export is identical) or None for a new one."""
    given = row.get("id") or None
    if given and interchange_store.ids_matching(session, kind.table, {"id": given}):
        return given, True
    matching = interchange_store.ids_matching(session, kind.table, kind.natural_key(values, row))
    if matching:
        return matching[0], True
    return given, False


def _add_derived_keys(session, kind, objects):
    for ref in kind.references:
        if not ref.derived:
            continue
        names = dict(interchange_store.ids_and_values(session, ref.target, ref.lookup))
        for obj in objects:
            obj[ref.human_key] = names.get(obj.get(ref.column.key))


def _queue(name):
    queues = platform.runtime_state().setdefault(_QUEUES_KEY, {})
    return queues.setdefault(name, {"waiting": 0, "cancelled": False})


def _row_messages(number, problems):
    return ["row %d, %s: %s" % (number, field, " / ".join(messages)) for field, messages in sorted(problems.items())]



# -- file formats -----------------------------------------------------------------------------------


def parse_json(text):
    """The rows of a JSON export (a list of objects)."""
    try:
        rows = json.loads(text)
    except ValueError as bad:
        raise errors.ValidationError.for_field("importBytes", "the content is not valid JSON (%s); export one "
                                               "object first to see the expected format" % bad)
    if not isinstance(rows, list):
        raise errors.ValidationError.for_field("importBytes", "the JSON must be a list of objects, as an export "
                                               "writes, not %s" % wording.with_article(type(rows).__name__))
    return rows


def parse_csv(text):
    """The rows of a CSV export: a header row of keys, then one object per row. An unquoted empty
    field is None, a quoted one ("") the empty string."""
    records = _csv_records(text)
    if not records:
        raise errors.ValidationError.for_field("importBytes", "the CSV is empty; it needs a header row of keys")
    header = [h for h, quoted in records[0]]
    rows = []
    for number, record in enumerate(records[1:], 1):
        if len(record) != len(header):
            rows.append("row has %d fields where the header has %d" % (len(record), len(header)))
            continue
        rows.append(dict((k, _csv_value(v, quoted)) for k, (v, quoted) in zip(header, record)))
    return rows


def _csv_records(text):
    records, record, field, quoted, i, n = [], [], [], False, 0, len(text)
    in_quotes = False
    while i < n:
        c = text[i]
        if in_quotes:
            if c == '"' and i + 1 < n and text[i + 1] == '"':
                field.append('"')
                i += 1
            elif c == '"':
                in_quotes = False
            else:
                field.append(c)
        elif c == '"':
            in_quotes, quoted = True, True
        elif c == ",":
            record.append(("".join(field), quoted))
            field, quoted = [], False
        elif c in "\r\n":
            if c == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            record.append(("".join(field), quoted))
            records.append(record)
            record, field, quoted = [], [], False
        else:
            field.append(c)
        i += 1
    if field or record or quoted:
        record.append(("".join(field), quoted))
        records.append(record)
    return [r for r in records if r != [("", False)]]


def _csv_value(text, quoted):
    return text if (quoted or text != "") else None


def _csv_text(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if is_string(value):
        return value
    return text_type(value)


def _csv_field(text):
    if text is None:
        return ""
    if text == "" or any(c in text for c in ',"\r\n') or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


# -- what the facades call ----------------------------------------------------------------------------


def import_content(interchange, content, file_format):
    """Import an upload (bytes, a Java byte[] or a string) in "csv" or "json"; the ApiResponse."""
    text = binary.to_text(content)
    rows = parse_csv(text) if file_format == "csv" else parse_json(text)
    return interchange.import_rows(rows)


def export_text(interchange, file_format, keep=None):
    """The export as text ("csv" or "json"); keep(kind, object) selects objects when given."""
    objects = interchange.export_objects(db.reader(), keep)
    return interchange.as_csv(objects) if file_format == "csv" else interchange.as_json(objects)


def export_bytes(interchange, file_format, keep=None):
    """The export as UTF-8 bytes: a Java byte[] under Jython, bytes on CPython."""
    return binary.to_platform_bytes(export_text(interchange, file_format, keep))


def keep_at_locations(id_keys, locations):
    """keep(kind, object) for objects whose `id_keys` name one of the locations (ids or paths)."""
    if locations is None:
        return None
    session = db.reader()
    wanted = set(LOCATION.require(session, given)["id"] for given in _as_list(locations, "locationIdOrPaths"))
    return lambda kind, obj: any(obj.get(key) in wanted for key in id_keys)


def keep_ids_or_paths(given):
    """keep(kind, object) for objects whose id or path is in `given` (None keeps everything)."""
    if given is None:
        return None
    wanted = set(_as_list(given, "idsOrPaths"))
    return lambda kind, obj: obj.get("id") in wanted or obj.get("path") in wanted


def _as_list(value, name):
    if is_string(value):
        return [value]
    if not isinstance(value, (list, tuple)):
        raise errors.ValidationError.for_field(name, "%s must be a list of ids or paths, not %s" % (
            name, type(value).__name__))
    return list(value)
