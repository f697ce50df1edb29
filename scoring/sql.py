"""Small SQL helpers shared by the readers of sheets and tallies (no business rules here)."""

import operator
from functools import reduce

from django.db import connections
from django.db.models import BigIntegerField, DecimalField, ExpressionWrapper, Func, IntegerField, Q
from django.db.models.functions import Cast, Round


def cents(expression):
    """SQL: ``expression`` (points) as integer hundredths."""
    scaled = ExpressionWrapper(
        expression * 100, output_field=DecimalField(max_digits=14, decimal_places=2)
    )
    return Cast(Round(scaled), output_field=IntegerField())


def fetch_rows(queryset):
    """The rows of a ``values_list`` queryset, straight from the cursor, unconverted.

    The SQL is Django's own (``sql_with_params``); only the per-row conversion is skipped,
    which saves about a microsecond per value. Use it where every column is an integer, text,
    bytes or NULL (values the database driver already returns as Python values); a datetime
    column comes back as the driver returns it (text on SQLite).
    """
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def id_ranges_q(ids, field="criterion_id"):
    """``Q`` matching ``field`` in ``ids``, written as ranges of consecutive ids.

    A group's leaves are usually created together, so their ids form one range; on 360,000
    score lines a range test costs SQLite about a third less than an ``IN`` list.
    """
    parts = []
    ordered = sorted(ids)
    start = 0
    while start < len(ordered):
        end = start
        while end + 1 < len(ordered) and ordered[end + 1] == ordered[end] + 1:
            end += 1
        low, high = ordered[start], ordered[end]
        if low == high:
            parts.append(Q(**{field: low}))
        else:
            parts.append(Q(**{f"{field}__gte": low, f"{field}__lte": high}))
        start = end + 1
    return reduce(operator.or_, parts)


class TimeKey(Func):
    """SQL: a value that orders like the datetime ``expression`` and is equal exactly when it
    is, read without converting a datetime per row.

    On SQLite it is the stored text itself (Django writes ``YYYY-MM-DD HH:MM:SS[.ffffff]`` in
    UTC, fixed width up to the optional fraction, so text order is time order); on
    PostgreSQL the microseconds since 1970. NULL stays NULL. Compare keys only with keys read
    from the same database.
    """

    template = "CAST(EXTRACT(EPOCH FROM %(expressions)s) * 1000000 AS BIGINT)"
    output_field = BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="(%(expressions)s || '')", **extra_context
        )
