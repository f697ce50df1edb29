"""Business operations on panels and score sheets (keyword-only, no request objects)."""

from decimal import Decimal

from scoring.enums import SheetStatus

#: Criterion groups whose subtotal is stored on the sheet (``group_1_total`` … ``group_6_total``).
#: A rule set with more groups keeps working: the dossier tallies sum the extra groups from
#: the score lines (``scoring.tally.gather``), the slower path.
STORED_GROUPS = 6
GROUP_FIELDS = tuple(f"group_{index}_total" for index in range(1, STORED_GROUPS + 1))


def _group_codes(rule_set_id):
    """(group criterion ids in sheet order, criterion id → parent id) of the rule set."""
    from awards.models import Criterion

    rows = list(
        Criterion.objects.filter(rule_set_id=rule_set_id)
        .order_by("order", "code")
        .values_list("pk", "parent_id")
    )
    groups = [pk for pk, parent in rows if parent is None]
    parent_of = dict(rows)
    return groups, parent_of


def recompute_total(*, sheet):
    """Store the sum of ``sheet``'s line points as its total, with the group subtotals.

    The total is NULL while any line is unscored (or the sheet has no lines): a missing
    score is never counted as zero. Group i of the rule set (criteria without parent, in
    their order, then code) goes to ``group_i_total`` for i ≤ 6; a group subtotal is NULL
    while any line of that group is unscored. One UPDATE writes them all; a submitted sheet's dossier tally follows
    (``scoring.tally``). Returns the total.
    """
    lines = list(sheet.lines.values_list("criterion_id", "points", "criterion__rule_set_id"))
    points = [value for _criterion, value, _rule_set in lines]
    total = None if not points or None in points else sum(points, Decimal("0"))
    subtotals = dict.fromkeys(GROUP_FIELDS)
    if lines:
        groups, parent_of = _group_codes(lines[0][2])
        per_group = {}
        for criterion_id, value, _rule_set in lines:
            # A group without sub-criteria is scored directly: it is its own leaf.
            group = parent_of.get(criterion_id) or criterion_id
            per_group.setdefault(group, []).append(value)
        for field, group in zip(GROUP_FIELDS, groups, strict=False):
            values = per_group.get(group)
            if values and None not in values:
                subtotals[field] = sum(values, Decimal("0"))
    sheet.total = total
    for field, value in subtotals.items():
        setattr(sheet, field, value)
    sheet.save(update_fields=["total", *GROUP_FIELDS, "updated_at"])
    if sheet.status == SheetStatus.SUBMITTED:
        from scoring.tally import refresh_tallies  # the tally module reads this one

        refresh_tallies(dossier_ids=[sheet.dossier_id])
    return total


def refresh_group_totals(*, sheets):
    """``recompute_total`` for each sheet of ``sheets`` (a data fix for sheets stored before
    the group subtotals existed)."""
    for sheet in sheets:
        recompute_total(sheet=sheet)
