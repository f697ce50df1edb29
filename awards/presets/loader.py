"""Write the shipped seed data to the database, idempotently.

Both loaders match rows by their stable code and only write what differs, so running them
again leaves the same rows with the same primary keys. A preset is validated after it is
written; any problem raises ``ValidationError`` and rolls the whole load back.
"""

import enum
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction

from awards.enums import CheckKind, EvaluationMode, Level
from awards.models import (
    AdminUnit,
    Criterion,
    DocumentRequirement,
    Dossier,
    EligibilityCheck,
    RuleSet,
)
from awards.presets.geo import admin_units
from awards.presets.rulesets import PRESETS
from awards.rulesets import validate_rule_set

UNIT_FIELDS = ("name", "kind", "region", "valid_from", "valid_to")
ROW_KEYS = ("criteria", "requirements", "checks")
#: Computed by ``AdminUnit.save``; never part of the data.
UNIT_DERIVED = ["name_sort", "name_folded", "parent", "successor"]


@dataclass
class LoadCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self):
        return self.created + self.updated + self.unchanged


def _plain(value):
    """The data with enum members replaced by their values (lists and dicts walked)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _assign(instance, values):
    """Set ``values`` on ``instance``; True when any of them differed."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _duplicates(keys):
    return sorted(str(key) for key, count in Counter(keys).items() if count > 1)


# --- administrative units ----------------------------------------------------------------------


@transaction.atomic
def load_admin_units(*, units=None):
    """Create or update administrative units from ``units`` (default: ``geo.admin_units()``).

    Steps: check the codes are unique; create or update every unit by code (name, kind,
    region, validity); then, once all exist, set parent and successor links by code. Units
    missing from the data are left alone (rounds and dossiers may point at them).
    """
    units = _plain(admin_units() if units is None else units)
    duplicated = _duplicates(unit["code"] for unit in units)
    if duplicated:
        raise ValidationError(f"Duplicate administrative unit codes: {', '.join(duplicated)}")

    existing = AdminUnit.objects.in_bulk([unit["code"] for unit in units], field_name="code")
    created, updated = set(), set()
    for data in units:
        unit = existing.get(data["code"])
        if unit is None:
            unit = AdminUnit(code=data["code"])
            created.add(data["code"])
        if _assign(unit, {name: data[name] for name in UNIT_FIELDS}) or unit.pk is None:
            unit.full_clean(exclude=UNIT_DERIVED, validate_unique=False)
            unit.save()
            existing[unit.code] = unit
            if unit.code not in created:
                updated.add(unit.code)

    linked_codes = {data[key] for data in units for key in ("parent_code", "successor_code")}
    linked_codes.discard(None)
    targets = AdminUnit.objects.in_bulk(linked_codes, field_name="code")
    missing = sorted(linked_codes - set(targets))
    if missing:
        raise ValidationError(f"Unknown parent or successor codes: {', '.join(missing)}")
    for data in units:
        unit = existing[data["code"]]
        links = {
            "parent_id": targets[data["parent_code"]].pk if data.get("parent_code") else None,
            "successor_id": (
                targets[data["successor_code"]].pk if data.get("successor_code") else None
            ),
        }
        if _assign(unit, links):
            unit.save(update_fields=["parent", "successor"])
            if unit.code not in created:
                updated.add(unit.code)
    return LoadCounts(
        created=len(created),
        updated=len(updated),
        unchanged=len(units) - len(created) - len(updated),
    )


# --- rule-set presets ----------------------------------------------------------------------------


def _save_row(instance, values, rule_set):
    """Write one child row when new or changed; True when written."""
    is_new = instance.pk is None
    if _assign(instance, values) or is_new:
        instance.rule_set = rule_set
        instance.full_clean(exclude=["rule_set"], validate_unique=False)
        instance.save()
        return True
    return False


def _sync_criteria(rule_set, groups):
    """Make the criteria tree of ``rule_set`` equal to ``groups``; True when anything changed."""
    codes = [group["code"] for group in groups]
    codes += [child["code"] for group in groups for child in group.get("children", [])]
    duplicated = _duplicates(codes)
    if duplicated:
        raise ValidationError(f"{rule_set.code}: duplicate criterion codes {', '.join(duplicated)}")
    existing = {criterion.code: criterion for criterion in rule_set.criteria.all()}
    changed = False
    for order, group in enumerate(groups, start=1):
        parent = existing.get(group["code"]) or Criterion(code=group["code"])
        changed |= _save_row(parent, _criterion_values(group, order, parent=None), rule_set)
        for sub_order, child in enumerate(group.get("children", []), start=1):
            criterion = existing.get(child["code"]) or Criterion(code=child["code"])
            values = _criterion_values(child, sub_order, parent=parent)
            changed |= _save_row(criterion, values, rule_set)
    stale = set(existing) - set(codes)
    if stale:
        rule_set.criteria.filter(code__in=stale).delete()
        changed = True
    return changed


def _criterion_values(data, order, *, parent):
    return {
        "parent_id": parent.pk if parent else None,
        "name": data["name"],
        "description": data.get("description", ""),
        "max_points": data["max_points"],
        "order": order,
    }


def _sync_rows(rule_set, relation, model, key_fields, rows):
    """Make ``rule_set.<relation>`` equal to ``rows``, matched by ``key_fields``."""
    keys = [tuple(row[field] for field in key_fields) for row in rows]
    duplicated = _duplicates(keys)
    if duplicated:
        raise ValidationError(f"{rule_set.code}: duplicate {relation} {', '.join(duplicated)}")
    manager = getattr(rule_set, relation)
    existing = {tuple(getattr(obj, field) for field in key_fields): obj for obj in manager.all()}
    changed = False
    for order, (key, row) in enumerate(zip(keys, rows, strict=True), start=1):
        instance = existing.get(key) or model(**dict(zip(key_fields, key, strict=True)))
        values = {name: value for name, value in row.items() if name not in key_fields}
        changed |= _save_row(instance, {**values, "order": order}, rule_set)
    stale = [obj.pk for key, obj in existing.items() if key not in set(keys)]
    if stale:
        manager.filter(pk__in=stale).delete()
        changed = True
    return changed


def preset_problems(rule_set):
    """Structural problems of a stored preset that ``validate_rule_set`` does not look at."""
    problems = []
    levels = rule_set.levels or []
    if not levels:
        problems.append("the level chain is empty")
    unknown = [level for level in levels if level not in Level.values]
    if unknown:
        problems.append(f"unknown levels {unknown}")
    outside = [level for level in rule_set.consultation_levels or [] if level not in levels]
    if outside:
        problems.append(f"consultation levels {outside} are not in the level chain")
    checklist_levels = set(rule_set.requirements.values_list("level", flat=True))
    without = [level for level in levels if level not in checklist_levels]
    if without:
        problems.append(f"no document checklist at {without}")
    groups = list(rule_set.criteria.filter(parent__isnull=True))
    if rule_set.evaluation_mode == EvaluationMode.SCORE_SHEET:
        total = sum((group.max_points for group in groups), start=0)
        if total != 100:
            problems.append(f"the score sheet totals {total} points, not 100")
        if rule_set.pass_mark is None and not rule_set.bands:
            problems.append("a score sheet needs a pass mark or bands")
    else:
        if groups:
            problems.append("a secret ballot has no score-sheet criteria")
        if rule_set.vote_approval_pct is None or rule_set.vote_quorum_pct is None:
            problems.append("a secret ballot needs a quorum and an approval threshold")
    for check in rule_set.eligibility_checks.all():
        if check.kind == CheckKind.MINIMUM:
            try:
                Dossier._meta.get_field(check.field)
            except FieldDoesNotExist:
                problems.append(f"check {check.code}: the dossier has no figure {check.field!r}")
            if check.minimum is None:
                problems.append(f"check {check.code}: a minimum needs a figure")
    return problems


def _load_preset(data):
    """Create or update one preset and its rows; returns (rule_set, created, changed)."""
    fields = {name: value for name, value in data.items() if name not in ROW_KEYS}
    code, version = fields.pop("code"), fields.pop("version")
    rule_set = RuleSet.objects.filter(code=code, version=version, is_preset=True).first()
    created = rule_set is None
    if created:
        rule_set = RuleSet(code=code, version=version, is_preset=True)
    changed = _assign(rule_set, fields)
    if created or changed:
        rule_set.full_clean()
        rule_set.save()
    changed |= _sync_criteria(rule_set, data.get("criteria", []))
    changed |= _sync_rows(
        rule_set,
        "requirements",
        DocumentRequirement,
        ("level", "code"),
        data.get("requirements", []),
    )
    changed |= _sync_rows(
        rule_set, "eligibility_checks", EligibilityCheck, ("code",), data.get("checks", [])
    )
    problems = preset_problems(rule_set)
    try:
        validate_rule_set(rule_set)
    except ValidationError as error:
        problems += error.messages
    if problems:
        raise ValidationError([f"Preset {code} v{version}: {problem}" for problem in problems])
    return rule_set, created, changed


@transaction.atomic
def load_rule_set_presets(*, presets=None):
    """Create or update the rule-set presets in ``presets`` (default: ``rulesets.PRESETS``).

    Steps per preset: find the RuleSet by (code, version, is_preset=True) or create it; write
    its fields; sync criteria, document checklist and eligibility checks by code (update
    existing rows, create missing ones, delete rows no longer in the data); validate. Rounds
    hold their own copies (``awards.rulesets.copy_rule_set``), so they never change here.
    """
    presets = _plain(PRESETS if presets is None else presets)
    duplicated = _duplicates((preset["code"], preset["version"]) for preset in presets)
    if duplicated:
        raise ValidationError(f"Duplicate presets: {', '.join(duplicated)}")
    counts = LoadCounts()
    for data in presets:
        _rule_set, created, changed = _load_preset(data)
        if created:
            counts.created += 1
        elif changed:
            counts.updated += 1
        else:
            counts.unchanged += 1
    return counts
