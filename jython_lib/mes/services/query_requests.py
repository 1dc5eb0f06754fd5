"""Query requests of the find... calls: checking them and running one page (docs/queries.md).

A request {pageSize, pageIndex, sortFields, sortDirections, filters} is checked whole before any
statement runs; every problem is reported at once as a ValidationError naming the request key
(`filters[2].condition`, `sortFields[0]`, ...). Filters are AND-combined; a field must be one of
the keys the matching get returns.
"""
from __future__ import absolute_import

import math

from mes.core import dates, errors, wording
from mes.core.compat import integer_types, is_number, is_string
from mes.core.objects import MesObject
from mes.core.problems import add_problem
from mes.persistence import query_store

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 10000
REQUEST_KEYS = ("pageSize", "pageIndex", "sortFields", "sortDirections", "sortDirection", "filters")
FILTER_KEYS = ("field", "type", "condition", "stringValue", "numberValue", "dateValue", "booleanValue",
               "minNumberValue", "maxNumberValue", "minDateValue", "maxDateValue", "minStringValue",
               "maxStringValue", "stringListValue", "numberListValue", "dateListValue")
CONDITIONS = ("EQUALS", "NOT_EQUALS", "TRUE", "FALSE", "CONTAINS", "STARTS_WITH", "ENDS_WITH", "GREATER_THAN",
              "GREATER_THAN_OR_EQUAL_TO", "LESS_THAN", "LESS_THAN_OR_EQUAL_TO", "BETWEEN", "IN", "IS_NULL",
              "IS_NOT_NULL")
_COMPARISONS = {"EQUALS": "eq", "NOT_EQUALS": "ne", "GREATER_THAN": "gt", "GREATER_THAN_OR_EQUAL_TO": "ge",
                "LESS_THAN": "lt", "LESS_THAN_OR_EQUAL_TO": "le"}
_TEXT_MATCHES = {"CONTAINS": "like_contains", "STARTS_WITH": "like_prefix", "ENDS_WITH": "like_suffix"}
_DIRECTIONS = {"ASCENDING": False, "ASC": False, "DESCENDING": True, "DESC": True}
# The kind of a column decides which value key a filter reads ("type" may also say it).
_VALUE_TYPES = {"timestamp": "Date", "int": "Number", "bigint": "Number", "quantity": "Number",
                "double": "Number", "bool": "Boolean"}


def new_query_request():
    """The empty request a script fills in: the first page of 100, no sort, no filter."""
    return MesObject(pageSize=DEFAULT_PAGE_SIZE, pageIndex=0, sortFields=[], sortDirections=[], filters=[])


def new_filter_request():
    """The empty filter a script fills in (field, condition and the value keys the condition reads)."""
    return MesObject((key, None) for key in FILTER_KEYS)


class Finder(object):
    """The find... query of one entity: its filterable keys and how rows become objects.

    Args:
        entity: the services.entities.Entity whose get the results match.
        finish: optional function(session, objects) completing the objects as the get does.
    """

    def __init__(self, entity, finish=None):
        self.entity = entity
        self.finish = finish
        self.joins = entity._joins()  # the same joined read the entity's get uses
        self.fields = {}
        for column in entity.columns:
            self.fields[column.key] = ((None, column.name), column)
        for n, partner in enumerate(entity.partners):
            for key, name in partner.shown.items():
                self.fields[key] = ((n, name), partner.target.column(name))

    def find(self, session, request):
        """One page of objects and the documented paging keys, in two statements."""
        page = self.page_query(request)
        total, rows = query_store.count_and_page(session, page)
        content = [self.entity._to_object(values, joined) for values, joined in rows]
        if self.finish:
            self.finish(session, content)
        return _result(content, total, page.limit, request_page_index(request))

    def page_query(self, request):
        """The persistence request for a query request; raises ValidationError listing every problem."""
        problems = {}
        unknown = sorted(k for k in request if k not in REQUEST_KEYS)
        for key in unknown:
            add_problem(problems, key, "unknown query request key '%s'; known keys: %s" % (key, ", ".join(REQUEST_KEYS)))
        size = _page_size(request.get("pageSize"), problems)
        index = _page_index(request.get("pageIndex"), problems)
        sorts = self._sorts(request, problems)
        criteria = []
        filters = request.get("filters") or []
        if not isinstance(filters, (list, tuple)):
            add_problem(problems, "filters", "filters must be a list of filter requests (newFilterRequest())")
            filters = []
        for n, spec in enumerate(filters):
            criteria.extend(self._criteria(n, spec, problems))
        if problems:
            raise errors.ValidationError.from_map("the %s query request" % self.entity.label, problems)
        offset = (size * index) if size is not None else 0
        return query_store.PageQuery(self.entity.table, self.joins, criteria, sorts, size, offset)

    def _field(self, where, name, problems):
        found = self.fields.get(name) if is_string(name) else None
        if found is None:
            add_problem(problems, where, "'%s' is not a field of %s; use one of: %s%s" % (
                name, wording.with_article(self.entity.label), ", ".join(sorted(self.fields)),
                wording.did_you_mean(name, self.fields) if is_string(name) else ""))
        return found

    def _sorts(self, request, problems):
        names = request.get("sortFields") or []
        if is_string(names):
            names = [names]
        directions = request.get("sortDirections")
        if directions in (None, []):
            directions = request.get("sortDirection")
        if directions is None or is_string(directions):
            directions = [directions] * len(names)
        sorts = []
        for n, name in enumerate(names):
            found = self._field("sortFields[%d]" % n, name, problems)
            given = directions[n] if n < len(directions) else (directions[-1] if directions else None)
            descending = _direction("sortDirections[%d]" % n, given, problems)
            if found is not None and descending is not None:
                sorts.append((found[0], descending, not found[1].required))
        return sorts

    def _criteria(self, n, spec, problems):
        where = "filters[%d]" % n
        if not isinstance(spec, dict):
            add_problem(problems, where, "%s must be a filter request (newFilterRequest()), not %r" % (where, spec))
            return []
        for key in sorted(k for k in spec if k not in FILTER_KEYS):
            add_problem(problems, "%s.%s" % (where, key), "unknown filter key '%s'; known keys: %s" % (
                key, ", ".join(FILTER_KEYS)))
        found = self._field(where + ".field", spec.get("field"), problems)
        condition = _condition(where, spec.get("condition"), problems)
        if found is None or condition is None:
            return []
        field, column = found
        return _criterion(where, field, column, condition, spec, problems)


def request_page_index(request):
    index = request.get("pageIndex")
    return index if isinstance(index, integer_types) and not isinstance(index, bool) else 0


def _criterion(where, field, column, condition, spec, problems):
    kind = _VALUE_TYPES.get(column.kind, "String")
    if condition in ("TRUE", "FALSE"):
        if column.kind != "bool":
            add_problem(problems, where + ".condition", "%s applies to true/false fields; %s is not one" % (
                condition, column.key))
            return []
        return [(field, "is_true", [condition == "TRUE"])]
    if condition in ("IS_NULL", "IS_NOT_NULL"):
        return [(field, "is_null" if condition == "IS_NULL" else "not_null", [])]
    if condition in _TEXT_MATCHES:
        value = _value(where, spec, "stringValue", "String", column, problems)
        if value is None:
            return []
        return [(field, _TEXT_MATCHES[condition], [value])]
    if condition == "BETWEEN":
        low = _value(where, spec, "min%sValue" % kind, kind, column, problems)
        high = _value(where, spec, "max%sValue" % kind, kind, column, problems)
        if low is None or high is None:
            return []
        # A date range is a period: its end is excluded, so [2025-01-01, 2026-01-01) is the year 2025.
        return [(field, "range_half_open" if kind == "Date" else "range_closed", [low, high])]
    if condition == "IN":
        values = spec.get("%sListValue" % kind.lower())
        if not isinstance(values, (list, tuple)) or not values:
            add_problem(problems, "%s.%sListValue" % (where, kind.lower()), "IN on %s needs a non-empty list in %sListValue"
                 % (column.key, kind.lower()))
            return []
        checked = [_checked(where + ".%sListValue" % kind.lower(), v, kind, column, problems) for v in values]
        return [] if None in checked else [(field, "in", checked)]
    value = _value(where, spec, "%s%sValue" % (kind[0].lower(), kind[1:]), kind, column, problems)
    return [] if value is None else [(field, _COMPARISONS[condition], [value])]


def _value(where, spec, key, kind, column, problems):
    value = spec.get(key)
    if value is None:
        add_problem(problems, "%s.%s" % (where, key), "the %s filter on %s needs %s" % (
            (spec.get("condition") or "").lower(), column.key, key))
        return None
    return _checked("%s.%s" % (where, key), value, kind, column, problems)


def _checked(where, value, kind, column, problems):
    """The value as the column compares it, or None with a problem recorded."""
    if kind == "Date":
        try:
            return dates.to_millis(value, where)
        except errors.ValidationError as invalid:
            add_problem(problems, where, invalid.message)
            return None
    if kind == "Number":
        if not is_number(value) or math.isnan(value) or math.isinf(value):
            add_problem(problems, where, "%s must be a number, not %r" % (where, value))
            return None
        return value
    if kind == "Boolean":
        if not isinstance(value, bool):
            add_problem(problems, where, "%s must be true or false, not %r" % (where, value))
            return None
        return value
    if not is_string(value):
        add_problem(problems, where, "%s must be text, not %r" % (where, value))
        return None
    return value.strip().upper() if column.kind == "enum" else value


def _condition(where, given, problems):
    normal = given.strip().upper().replace(" ", "_") if is_string(given) else None
    if normal is not None:
        compact = normal.replace("_", "")
        for condition in CONDITIONS:
            if condition.replace("_", "") == compact:
                return condition
    add_problem(problems, where + ".condition", "condition '%s' is not one of %s (case and underscores do not matter)"
         % (given, ", ".join(CONDITIONS)))
    return None


def _direction(where, given, problems):
    if given is None:
        return False
    descending = _DIRECTIONS.get(given.strip().upper()) if is_string(given) else None
    if descending is None:
        add_problem(problems, where, "sort direction '%s' is not Ascending or Descending" % (given,))
    return descending


def _page_size(value, problems):
    if value is None:
        return None
    if not isinstance(value, integer_types) or isinstance(value, bool) or not 1 <= value <= MAX_PAGE_SIZE:
        add_problem(problems, "pageSize", "pageSize must be a whole number from 1 to %d (None reads every row), not %r"
             % (MAX_PAGE_SIZE, value))
        return None
    return value


def _page_index(value, problems):
    if value is None:
        return 0
    if not isinstance(value, integer_types) or isinstance(value, bool) or value < 0:
        add_problem(problems, "pageIndex", "pageIndex must be a whole number from 0, not %r" % (value,))
        return 0
    return value


def _result(content, total, size, index):
    pages = 1 if size is None else (total + size - 1) // size
    if size is None:
        index = 0
    return MesObject(content=content, totalPages=pages, totalElements=total,
                     pageSize=size if size is not None else total, pageIndex=index, hasContent=bool(content),
                     isFirst=index == 0, isLast=index >= pages - 1, hasNext=index < pages - 1,
                     hasPrevious=index > 0)

