"""The few statements an import needs beyond an entity's save (docs/interchange.md)."""
from __future__ import absolute_import

from mes.persistence import mapping

AUDIT_COLUMNS = ("created_date", "created_by", "modified_date", "modified_by")


def ids_matching(session, table, values):
    """Ids of the rows whose columns equal `values` ({column: value}; None matches NULL)."""
    clauses, args = [], []
    for name in sorted(values):
        if values[name] is None:
            clauses.append("%s IS NULL" % name)
        else:
            clauses.append("%s = ?" % name)
            args.append(mapping.database_value(table.column(name), values[name]))
    rows = session.query("SELECT id FROM %s WHERE %s ORDER BY id" % (table.name, " AND ".join(clauses)), args)
    return [row["id"] for row in rows]


def restore_audit(session, table, id_value, audit):
    """Write the audit columns an export carried ({column: value}), so a re-export is identical."""
    return mapping.update_by_id(session, table, id_value, dict((n, audit.get(n)) for n in AUDIT_COLUMNS))


def ids_and_values(session, table, column):
    """[(id, value of `column`)] of every row: what an import resolves references against."""
    return [(row["id"], row[column]) for row in session.query("SELECT id, %s FROM %s" % (column, table.name))]
