"""The score sheet as the pages draw it: criterion groups, their lines, subtotals and total.

Built from the round's criteria tree (one query) and either a stored sheet or the values a
judge just typed; the full page, the read-only view and the htmx feedback fragment all render
from this one structure, so the live subtotals always match what a save would store.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from awards.models import Criterion
from scoring.sheets import clean_points, format_points, sheet_order

FIELD_PREFIX = "points-"


@dataclass
class LineRow:
    criterion: Criterion
    value: str = ""
    error: str = ""
    points: Decimal | None = None

    @property
    def field_name(self):
        return f"{FIELD_PREFIX}{self.criterion.pk}"

    @property
    def max_points(self):
        return self.criterion.max_points


@dataclass
class GroupBlock:
    criterion: Criterion
    rows: list = field(default_factory=list)

    @property
    def max_points(self):
        return sum((row.max_points for row in self.rows), Decimal("0"))

    @property
    def subtotal(self):
        return sum((row.points for row in self.rows if row.points is not None), Decimal("0"))

    @property
    def scored(self):
        return sum(1 for row in self.rows if row.points is not None)

    @property
    def complete(self):
        return self.scored == len(self.rows)


@dataclass
class SheetLayout:
    groups: list
    comment: str = ""
    errors: list = field(default_factory=list)

    @property
    def rows(self):
        return [row for group in self.groups for row in group.rows]

    @property
    def max_points(self):
        return sum((g.max_points for g in self.groups), Decimal("0"))

    @property
    def total(self):
        return sum((g.subtotal for g in self.groups), Decimal("0"))

    @property
    def scored(self):
        return sum(g.scored for g in self.groups)

    @property
    def count(self):
        return len(self.rows)

    @property
    def complete(self):
        return self.count > 0 and self.scored == self.count

    @property
    def has_errors(self):
        return bool(self.errors) or any(row.error for row in self.rows)

    def leaves(self):
        return [row.criterion for row in self.rows]


def criteria_groups(rule_set):
    """``[(group, [leaf, …]), …]`` in sheet order (one query).

    A group without sub-criteria is scored directly: it is its own only leaf.
    """
    criteria = list(rule_set.criteria.all())
    children = {}
    for criterion in criteria:
        if criterion.parent_id is not None:
            children.setdefault(criterion.parent_id, []).append(criterion)
    by_pk = {c.pk: c for c in criteria}
    for subs in children.values():
        for sub in subs:
            sub.parent = by_pk[sub.parent_id]  # spare sheet_order a query per criterion
    groups = sorted((c for c in criteria if c.parent_id is None), key=sheet_order)
    return [(g, sorted(children.get(g.pk, [g]), key=sheet_order)) for g in groups]


def _layout(groups, *, values, errors, points, comment=""):
    blocks = []
    for group, leaves in groups:
        block = GroupBlock(criterion=group)
        for leaf in leaves:
            block.rows.append(
                LineRow(
                    criterion=leaf,
                    value=values.get(leaf.pk, ""),
                    error=errors.get(leaf.pk, ""),
                    points=points.get(leaf.pk),
                )
            )
        blocks.append(block)
    general = [message for key, message in errors.items() if key is None]
    return SheetLayout(groups=blocks, comment=comment, errors=general)


def layout_from_sheet(groups, sheet):
    """The layout of a stored sheet (or of an empty one when ``sheet`` is None)."""
    points = {}
    if sheet is not None:
        points = {line.criterion_id: line.points for line in sheet.lines.all()}
    values = {pk: format_points(value) for pk, value in points.items()}
    return _layout(
        groups, values=values, errors={}, points=points, comment=sheet.comment if sheet else ""
    )


def posted_points(groups, data):
    """``{criterion id: raw text}`` for every leaf of ``groups`` from POST data."""
    return {
        leaf.pk: (data.get(f"{FIELD_PREFIX}{leaf.pk}") or "").strip()
        for _group, leaves in groups
        for leaf in leaves
    }


def layout_from_post(groups, data, *, errors=None):
    """The layout of values just typed: each checked as a save would, errors per line.

    ``errors`` (criterion id → message) from a refused save are shown as well.
    """
    raw = posted_points(groups, data)
    maxima = {leaf.pk: leaf.max_points for _group, leaves in groups for leaf in leaves}
    cleaned, found = clean_points(raw, maxima=maxima)
    found.update(errors or {})
    return _layout(
        groups, values=raw, errors=found, points=cleaned, comment=data.get("comment", "")
    )
