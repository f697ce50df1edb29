"""Gather the tallies of dossiers that had counted sheets before tallies existed.

Self-contained (historical models): counted = submitted, with a total, not flagged
``excluded``. Conflicts recorded without the flag are caught by the ranking's own check and
by the rebuild when scoring closes.
"""

import sys
from array import array
from collections import defaultdict

from django.db import migrations

NO_SUM = -(2**63)


def _pack(values):
    packed = array("q", (NO_SUM if value is None else value for value in values))
    if sys.byteorder != "little":
        packed.byteswap()
    return packed.tobytes()


def _cents(value):
    return None if value is None else int((value * 100).to_integral_value())


def backfill(apps, schema_editor):
    ScoreSheet = apps.get_model("scoring", "ScoreSheet")
    ScoreLine = apps.get_model("scoring", "ScoreLine")
    Criterion = apps.get_model("awards", "Criterion")
    DossierTally = apps.get_model("scoring", "DossierTally")
    counted = ScoreSheet.objects.filter(status="submitted", total__isnull=False, excluded=False)
    sheets = defaultdict(list)
    for pk, dossier_id, member_id, total in counted.values_list(
        "pk", "dossier_id", "member_id", "total"
    ).iterator():
        sheets[dossier_id].append((_cents(total), pk, member_id))
    if not sheets:
        return
    groups_of = defaultdict(list)  # rule set id -> group codes in sheet order
    code_of = {}
    for pk, code, rule_set_id in (
        Criterion.objects.filter(parent__isnull=True)
        .order_by("order", "code")
        .values_list("pk", "code", "rule_set_id")
    ):
        groups_of[rule_set_id].append(code)
        code_of[pk] = code
    subtotals = defaultdict(lambda: defaultdict(int))  # sheet id -> group code -> cents
    rule_set_of = {}
    for sheet_id, criterion_id, parent_id, rule_set_id, points in ScoreLine.objects.filter(
        sheet__in=counted
    ).values_list(
        "sheet_id", "criterion_id", "criterion__parent_id", "criterion__rule_set_id", "points"
    ).iterator():
        rule_set_of[sheet_id] = rule_set_id
        if points is not None:
            subtotals[sheet_id][code_of.get(parent_id or criterion_id)] += _cents(points)
    tallies = []
    for dossier_id, rows in sheets.items():
        rows.sort()
        codes = groups_of.get(rule_set_of.get(rows[0][1]), [])
        sums = []
        for code in codes:
            values = [subtotals[pk][code] for _t, pk, _m in rows if code in subtotals[pk]]
            sums.append(sum(values) if values else None)
        columns = [row[0] for row in rows] + [row[1] for row in rows] + [row[2] for row in rows]
        tallies.append(
            DossierTally(
                dossier_id=dossier_id,
                sheet_count=len(rows),
                packed=_pack(columns + sums),
                group_codes=",".join(codes),
            )
        )
    DossierTally.objects.bulk_create(tallies, batch_size=250, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("scoring", "0005_dossier_tally")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
