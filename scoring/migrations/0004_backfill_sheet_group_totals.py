"""Fill the group subtotals of sheets stored before the columns existed."""

from collections import defaultdict
from decimal import Decimal

from django.db import migrations


def backfill(apps, schema_editor):
    ScoreSheet = apps.get_model("scoring", "ScoreSheet")
    ScoreLine = apps.get_model("scoring", "ScoreLine")
    Criterion = apps.get_model("awards", "Criterion")
    group_index = {}  # group criterion id -> 1..6 within its rule set
    by_rule_set = defaultdict(list)
    for criterion in Criterion.objects.filter(parent__isnull=True).order_by("order", "code"):
        by_rule_set[criterion.rule_set_id].append(criterion.pk)
    for ids in by_rule_set.values():
        for index, pk in enumerate(ids[:6], start=1):
            group_index[pk] = index
    sums = defaultdict(lambda: defaultdict(Decimal))
    unscored = defaultdict(set)
    lines = ScoreLine.objects.filter(criterion__parent__isnull=False).values_list(
        "sheet_id", "criterion__parent_id", "points"
    )
    for sheet_id, group_id, points in lines.iterator():
        index = group_index.get(group_id)
        if index is None:
            continue
        if points is None:
            unscored[sheet_id].add(index)
        else:
            sums[sheet_id][index] += points
    for sheet in ScoreSheet.objects.filter(pk__in=list(sums) + list(unscored)).iterator():
        for index in range(1, 7):
            value = None if index in unscored[sheet.pk] else sums[sheet.pk].get(index)
            setattr(sheet, f"group_{index}_total", value)
        sheet.save(update_fields=[f"group_{index}_total" for index in range(1, 7)])


class Migration(migrations.Migration):
    dependencies = [("scoring", "0003_sheet_group_totals_excluded")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
