"""Business operations on panels and score sheets (keyword-only, no request objects)."""

from decimal import Decimal


def recompute_total(*, sheet):
    """Store the sum of ``sheet``'s line points as its total and return it.

    The total is NULL while any line is unscored (or the sheet has no lines): a missing
    score is never counted as zero.
    """
    points = list(sheet.lines.values_list("points", flat=True))
    total = None if not points or None in points else sum(points, Decimal("0"))
    sheet.total = total
    sheet.save(update_fields=["total", "updated_at"])
    return total
