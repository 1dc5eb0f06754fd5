"""new / validate / save / get / references / delete for any configured entity.

An Entity couples a table description with what the API adds on top: the documented keys and
defaults of new...(), "partners" (an id column a caller may give by path or name instead, and the
names returned next to it), and hooks for the entity's own rules (derived paths, extra checks).
Validation reports what makes an object storable (docs/rules.md#storable-versus-ready-to-run) as {field: [messages]}; save
refuses exactly what validate reports, inside one transaction.
"""
from __future__ import absolute_import
from mes.core import dates, errors, ids, limits, numbers, platform, wording
from mes.core.problems import add_problem, add_unknown_keys

from mes.core.compat import integer_types, is_string
from mes.core.objects import MesObject
from mes.persistence import db, mapping, queries, runtime_store, tables

AUDIT_KEYS = ("createdDate", "createdBy", "modifiedDate", "modifiedBy")
TEXT_KINDS = frozenset(["id", "text", "longtext", "enum"])


def _argument(label, lookup):
    """(the argument name an object is looked up by, what it takes): ('materialIdOrPath', 'an id or a path')."""
    words = label.split()
    stem = words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:])
    if not lookup:
        return stem + "Id", "an id"
    lookup_words = lookup.split("_")
    suffix = "".join(w[:1].upper() + w[1:] for w in lookup_words)
    return stem + "IdOr" + suffix, "an id or a %s" % " ".join(lookup_words)


def normalize_path(value):
    return value.strip().strip("/") if is_string(value) else value


class Partner(object):
    """An id column that callers may also give by a human key, e.g. sourceLocationId or
    sourceLocationPath. `shown` maps extra returned keys to columns of the target table."""

    def __init__(self, column, key, target, lookup, shown=None):
        self.column = column
        self.key = key
        self.target = target
        self.lookup = lookup
        self.shown = dict(shown or {})
        self.shown[key] = lookup

    def resolve(self, session, text):
        """Id of the target row whose lookup column equals `text`, or an error message."""
        message = ids.text_key_problem(self.key, text, "a %s" % self.lookup)
        if message:
            return None, message
        value = normalize_path(text) if self.lookup == "path" else text
        found = queries.ids_where(session, self.target, self.lookup, value)
        if len(found) == 1:
            return found[0], None
        if not found:
            return None, "no %s with %s '%s' exists; create it first or fix the %s" % (
                self.target.label, self.lookup, value, self.key)
        return None, "%d %ss have the %s '%s'; give the id instead (%s)" % (
            len(found), self.target.label, self.lookup, value, ", ".join(found))


class Entity(object):
    def __init__(self, table, lookup=None, partners=(), new_keys=None, new_defaults=None, derived=(),
                 read_only=(), prepare=None, check=None, after_save=None, check_delete=None):
        self.table = table
        self.label = table.label
        self.lookup = lookup            # human key column of IdOrName / IdOrPath arguments
        self.argument, self.expected = _argument(self.label, lookup)  # e.g. materialIdOrPath, an id or a path
        self.partners = list(partners)
        self.new_defaults = dict(new_defaults or {})
        self.derived = set(derived)     # columns computed by `prepare`, never required from callers
        # Columns only the library changes (runtime state): ignored on save, so a stale or fresh
        # object saved over a running one cannot reset its state.
        self.read_only = set(read_only)
        self.prepare = prepare          # (session, values, existing, errors) -> None
        self.check = check              # (session, values, existing, errors) -> None
        self.after_save = after_save    # (session, values, existing) -> None
        self.check_delete = check_delete  # (session, found object) -> None; raises to refuse
        self.columns = [c for c in table.columns if c.public]
        self.new_keys = list(new_keys or self._default_new_keys())
        self.known_keys = set(self.new_keys) | set(c.key for c in self.columns)
        for partner in self.partners:
            self.known_keys.update(partner.shown)

    def _default_new_keys(self):
        keys = [c.key for c in self.columns if c.key not in AUDIT_KEYS]
        for partner in self.partners:
            keys.append(partner.key)
        return keys

    # -- reading ---------------------------------------------------------------------------------

    def _joins(self):
        return [queries.Join(p.column, p.target, p.shown.values()) for p in self.partners]

    def _to_object(self, values, joined):
        obj = mapping.to_object(self.table, values)
        for n, partner in enumerate(self.partners):
            for key, column in partner.shown.items():
                obj[key] = joined[(n, column)]
        return obj

    def query(self, session, order=None, where=None, any_of=(), **equal):
        """Objects matching keyword criteria (or a persistence-built Where), partners' keys filled.

        Args:
            session: the session to read with.
            order: column names to sort by ('material_id.path' sorts by a partner's column);
                default the lookup column, else id.
            where: a queries.Where built by persistence, instead of criteria.
            any_of: a list of {column: value} alternatives, OR-ed.
            **equal: column=value (a list means IN, None means IS NULL).

        Returns:
            a list of objects.
        """
        if where is None:
            self._require_text_criteria(any_of, equal)
        condition = where if where is not None else queries.criteria(self.table, any_of, **equal)
        rows = queries.select_joined(session, self.table, self._joins(), condition,
                                     order or (self.lookup or "id",))
        return [self._to_object(values, joined) for values, joined in rows]

    def _require_text_criteria(self, any_of, equal):
        """A text or id column compared with anything but text is refused before any SQL."""
        for criteria in [equal] + list(any_of):
            for name, value in criteria.items():
                if self.table.column(name).kind not in TEXT_KINDS:
                    continue
                for one in (value if isinstance(value, (list, tuple)) else [value]):
                    ids.require_text_key(self.table.column(name).key, one, "text")

    def get(self, session, id_or_key, argument=None):
        """The object by exact id, then by the human key; None when neither matches. An id_or_key
        that is not text is a ValidationError naming `argument` (default e.g. materialIdOrPath)."""
        ids.require_text_key(argument or self.argument, id_or_key, self.expected)
        canonical = ids.normalize_id(id_or_key)
        if canonical:
            found = self.query(session, id=canonical)
            if found:
                return found[0]
        if self.lookup and is_string(id_or_key):
            value = normalize_path(id_or_key) if self.lookup == "path" else id_or_key
            found = self.query(session, **{self.lookup: value})
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise errors.ValidationError.for_field(self.lookup, "%d %ss have the %s '%s'; use the id" % (
                    len(found), self.label, self.lookup, value))
        return None

    def require(self, session, id_or_key, what=None, argument=None):
        """The object (see get); NotFoundError when none matches."""
        found = self.get(session, id_or_key, argument)
        if found is None:
            raise errors.NotFoundError("no %s '%s' exists%s" % (
                what or self.label, id_or_key, "" if not self.lookup else " (looked up by id and by %s)" % self.lookup))
        return found

    # -- new / validate / save -------------------------------------------------------------------

    def new(self):
        obj = MesObject()
        by_key = dict((c.key, c) for c in self.columns)
        for key in self.new_keys:
            if key in self.new_defaults:
                value = self.new_defaults[key]
                obj[key] = value() if callable(value) else value
            else:
                column = by_key.get(key)
                obj[key] = column.default if column is not None else None
        return obj

    def validate(self, obj):
        session = db.reader()
        return self._collect(session, obj)[1]

    def save(self, obj):
        """Save in one transaction, run again when the database aborts it for a deadlock
        (docs/faults.md#deadlocks-and-retries)."""
        return db.write(lambda session: self.save_in(session, obj))

    def save_in(self, session, obj):
        """Save inside the caller's transaction (an import writes a batch of rows in one)."""
        values, problems, existing = self._collect(session, obj)
        if problems:
            raise errors.ValidationError.from_map("%s '%s'" % (self.label, _describe(obj)), problems)
        now, user = dates.now_millis(), platform.current_username()
        if existing is None:
            values.update(created_date=now, created_by=user)
            mapping.insert(session, self.table, values)
        else:
            values.update(modified_date=now, modified_by=user)
            writable = self._writable_columns() + ["modified_date", "modified_by"]
            mapping.update_by_id(session, self.table, values["id"],
                                 dict((n, values.get(n)) for n in writable))
        if self.after_save:
            self.after_save(session, values, existing)
        runtime_store.configuration_changed(session, self.table, values["id"])  # cached configurations
        return self.query(session, id=values["id"])[0]

    def _collect(self, session, obj):
        """(values by column name, {key: [messages]}, existing row values or None)."""
        problems = {}
        add_unknown_keys(problems, obj, self.known_keys, wording.with_article(self.label))
        existing = None
        object_id = obj.get("id")
        if object_id is not None:
            canonical = ids.normalize_id(object_id)
            if canonical is None:
                add_problem(problems, "id", "'%s' is not an id; ids look like 01JPAND53P-BZ61RZHZ-V7C6EEHG" % (object_id,))
                object_id = None
            else:
                object_id = canonical
                existing = mapping.select_by_id(session, self.table, canonical)
        # An update starts from the stored row, so rules and hooks always see the whole object.
        values = dict(existing) if existing is not None else {"id": object_id or ids.new_id()}
        for column in self.columns:
            if column.key in AUDIT_KEYS or column.name == "id" or column.name in self.derived:
                continue
            if column.name in self.read_only:
                if existing is None:
                    values[column.name] = column.default
                continue
            if column.key not in obj:
                if existing is not None:
                    continue  # a key left out of an update keeps its stored value
                value = None
            else:
                value, message = convert(column, obj[column.key])
                if message:
                    add_problem(problems, column.key, message)
                    continue
            if value is None and column.default is not None:
                value = column.default
            values[column.name] = value
        self._resolve_partners(session, obj, values, problems)
        self._check_references(session, obj, values, problems)
        if self.prepare:
            self.prepare(session, values, existing, problems)
        self._check_required(values, existing, problems)
        if self.check:
            self.check(session, values, existing, problems)
        self._check_unique(session, values, problems)
        return values, problems, existing

    def _writable_columns(self):
        return [c.name for c in self.columns if c.key not in AUDIT_KEYS and c.name != "id"
                and c.name not in self.read_only]

    def _check_references(self, session, obj, values, problems):
        """Every id given for a reference column must name an existing row."""
        partnered = set(p.column for p in self.partners)
        for column in self.table.references:
            if column.name in partnered or column.name in self.read_only or column.key not in obj:
                continue
            given = values.get(column.name)
            if given is not None and column.key not in problems and \
                    not queries.exists(session, tables.BY_NAME[column.ref], given):
                add_problem(problems, column.key, "no %s with id %s exists; create it first or fix %s" % (
                    tables.BY_NAME[column.ref].label, given, column.key))

    def _resolve_partners(self, session, obj, values, problems):
        for partner in self.partners:
            column = self.table.column(partner.column)
            if partner.column in self.read_only:
                continue
            given_id = values.get(partner.column) if column.key in obj else None
            if given_id is not None:
                if column.key in problems:
                    continue
                if not queries.exists(session, partner.target, given_id):
                    add_problem(problems, column.key, "no %s with id %s exists; create it first or fix %s" % (
                        partner.target.label, given_id, column.key))
            elif obj.get(partner.key) not in (None, ""):
                found, message = partner.resolve(session, obj[partner.key])
                if message:
                    add_problem(problems, partner.key, message)
                else:
                    values[partner.column] = found
            elif column.key not in obj and partner.key in obj:
                values[partner.column] = None  # the caller cleared the reference by its name

    def _check_required(self, values, existing, problems):
        for column in self.columns:
            if not column.required or column.name == "id" or column.key in problems or column.name in self.derived:
                continue
            if values.get(column.name) in (None, ""):
                if any(p.column == column.name and p.key in problems for p in self.partners):
                    continue
                add_problem(problems, column.key, "%s is required for %s" % (column.key, wording.with_article(self.label)))

    def _check_unique(self, session, values, problems):
        for columns in self.table.unique:
            if any(values.get(c) is None for c in columns):
                continue
            taken = queries.duplicate_ids(session, self.table, values, columns, values["id"])
            if taken:
                key = self.table.column(columns[-1]).key
                add_problem(problems, key, "another %s (id %s) already has %s; choose another value" % (
                    self.label, taken[0], ", ".join("%s '%s'" % (self.table.column(c).key, values[c])
                                                       for c in columns)))

    # -- references and delete -------------------------------------------------------------------

    def references(self, session, object_id):
        """[{tableName, references: [{fkColName, id}]}] of every row pointing at this one."""
        return queries.references(session, self.table.name, object_id)

    def delete(self, id_or_key, clear_references=False):
        """Delete one object. Refused with InUseError while other rows point at it; with
        clear_references, nullable references are set to null first (required ones still refuse).
        One transaction through db.write (docs/faults.md#deadlocks-and-retries)."""
        return db.write(lambda session: self._delete_in(session, id_or_key, clear_references))

    def _delete_in(self, session, id_or_key, clear_references):
        found = self.require(session, id_or_key)
        if self.check_delete:
            self.check_delete(session, found)
        refs = self.references(session, found["id"])
        if refs and clear_references:
            # Operations whose cached configuration holds this row reload it (before the links go).
            runtime_store.configuration_changed(session, self.table, found["id"])
            refs = self._clear_nullable_references(session, found["id"], refs)
        if refs:
            raise errors.InUseError("%s '%s' (id %s) is still referenced by %s; delete or re-point those "
                                    "rows first" % (self.label, _describe(found), found["id"],
                                                    describe_references(refs)), refs)
        mapping.delete_by_id(session, self.table, found["id"])
        return api_response(True, "%s '%s' deleted" % (self.label, _describe(found)), found["id"])

    def _clear_nullable_references(self, session, object_id, refs):
        remaining = []
        for group in refs:
            table = tables.BY_NAME[group["tableName"]]
            column = table.column(group["references"][0]["fkColName"])
            if column.required:
                remaining.append(group)
            else:
                queries.clear_reference(session, table, column.name, object_id)
        return remaining


def describe_references(refs):
    return "; ".join("%s.%s (ids %s)" % (g["tableName"], g["references"][0]["fkColName"],
                                          ", ".join(r["id"] for r in g["references"])) for g in refs)


def api_response(success, message, data=None, error=None):
    return MesObject(success=success, message=message, data=data, error=error)


def _describe(obj):
    for key in ("path", "name", "reasonCode", "id"):
        if obj.get(key):
            return obj[key]
    return "(new)"




def convert(column, value):
    """(value as stored, None) or (None, message) for one input value."""
    if value is None:
        return None, None
    kind = column.kind
    if kind == "id":
        canonical = ids.normalize_id(value)
        if canonical is None:
            return None, "%s '%s' is not an id; ids look like 01JPAND53P-BZ61RZHZ-V7C6EEHG" % (column.key, value)
        return canonical, None
    if kind in ("text", "longtext"):
        if not is_string(value):
            return None, "%s must be text, not %s" % (column.key, type(value).__name__)
        message = limits.text_problem(column.key, value, column.max_length)
        return (None, message) if message else (value, None)
    if kind == "enum":
        if is_string(value) and value.strip().upper() in column.enum:
            return value.strip().upper(), None
        return None, "%s '%s' is not one of %s" % (column.key, value, ", ".join(column.enum))
    if kind == "bool":
        return _to_bool(column, value)
    if kind in ("int", "bigint", "quantity", "double"):
        return _to_number(column, value)
    if kind == "timestamp":
        try:
            return dates.to_millis(value, column.key), None
        except errors.ValidationError as invalid:
            return None, invalid.message
    return value, None


def _to_bool(column, value):
    if isinstance(value, bool):
        return value, None
    if isinstance(value, integer_types) and value in (0, 1):
        return bool(value), None
    if is_string(value) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true", None
    return None, "%s must be true or false, not '%s'" % (column.key, value)


def _to_number(column, value):
    if column.kind == "quantity":
        return numbers.quantity_problem(column.key, value)
    number = numbers.to_number(value)
    if number is None:
        return None, "%s must be a number, not '%s'" % (column.key, value)
    if column.kind in ("int", "bigint"):
        if number != int(number):
            return None, "%s must be a whole number, not %s" % (column.key, value)
        return int(number), None
    return number, None
