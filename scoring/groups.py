"""The round's criterion groups as the aggregates see them (one query on the criteria tree)."""

from dataclasses import dataclass

from awards.models import Criterion
from scoring.aggregation import to_cents


@dataclass(frozen=True, slots=True)
class SheetLayout:
    """The round's criterion groups in sheet order and which group each leaf belongs to."""

    group_codes: tuple
    group_names: dict
    group_max: dict  # code → maximum in cents
    leaf_groups: dict  # leaf criterion id → group code
    scale_max: int  # cents

    def leaves_of(self, code):
        return [leaf for leaf, group in self.leaf_groups.items() if group == code]

    @property
    def signature(self):
        """The group codes joined by commas: what a dossier tally was gathered for."""
        return ",".join(self.group_codes)


def sheet_layout(rule_set):
    """One query: the criteria tree of ``rule_set`` (or its id) reduced to groups and leaves."""
    rule_set_id = getattr(rule_set, "pk", rule_set)
    rows = list(
        Criterion.objects.filter(rule_set_id=rule_set_id)
        .order_by("order", "code")
        .values_list("pk", "code", "name", "parent_id", "max_points")
    )
    parents = {parent for _pk, _code, _name, parent, _max in rows if parent}
    groups = [
        (pk, code, name, maximum) for pk, code, name, parent, maximum in rows if parent is None
    ]
    code_of = {pk: code for pk, code, _name, _max in groups}
    leaf_groups = {}
    for pk, code, _name, parent, _max in rows:
        if pk in parents:
            continue
        # A group without sub-criteria is scored directly: it is its own leaf.
        leaf_groups[pk] = code_of[parent] if parent else code
    return SheetLayout(
        group_codes=tuple(code for _pk, code, _name, _max in groups),
        group_names={code: name for _pk, code, name, _max in groups},
        group_max={code: to_cents(maximum) for _pk, code, _n, maximum in groups},
        leaf_groups=leaf_groups,
        scale_max=sum(to_cents(maximum) for _pk, _c, _n, maximum in groups),
    )
