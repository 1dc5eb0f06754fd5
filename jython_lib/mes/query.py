"""system.mes.query: the request objects of the find... calls (gateway spelling: mes.query.<function>).

See docs/queries.md for what a request holds and how a page is read.
"""
from __future__ import absolute_import

from mes.services import query_requests

__all__ = ["newQueryRequest", "newFilterRequest"]


def newQueryRequest():
    """A query request for any find... call: the first page of 100 rows, unsorted, unfiltered.

    Returns:
        MesObject: {pageSize, pageIndex, sortFields, sortDirections, filters}; fill it in and pass
        it as `**queryRequest` (a single `sortDirection` string is accepted too).
    """
    return query_requests.new_query_request()


def newFilterRequest():
    """One filter of a query request, every key None.

    Returns:
        MesObject: {field, type, condition, stringValue, numberValue, dateValue, booleanValue,
        min/maxNumberValue, min/maxDateValue, min/maxStringValue, string/number/dateListValue};
        set `field`, `condition` and the value keys the condition reads.
    """
    return query_requests.new_filter_request()
