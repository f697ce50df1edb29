"""The data migration fills group subtotals of sheets stored before the columns existed."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from scoring.models import ScoreSheet
from scoring.sheets import get_or_start_sheet, save_draft
from tests.scoring.factories_sheets import scoring_scene

pytestmark = pytest.mark.django_db
backfill = importlib.import_module("scoring.migrations.0004_backfill_sheet_group_totals").backfill


def test_backfill_recomputes_group_subtotals_and_leaves_unscored_groups_empty():
    scene = scoring_scene()
    sheet = get_or_start_sheet(member=scene.judge, dossier=scene.dossier)
    save_draft(sheet=sheet, points=scene.points(**{"1.1": "25", "1.2": "20.5", "2.1": "15"}),
               comment="", by=scene.user)  # fmt: skip
    ScoreSheet.objects.filter(pk=sheet.pk).update(group_1_total=None, group_2_total=None)

    backfill(apps, None)

    sheet.refresh_from_db()
    assert sheet.group_1_total == Decimal("45.50")
    assert sheet.group_2_total is None  # 2.2 is still unscored
