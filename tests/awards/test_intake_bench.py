"""``manage.py bench`` prints the intake figures as ``name value unit`` and keeps no data."""

from io import StringIO

import pytest
from django.core.management import call_command

from awards import bench
from awards.models import AwardRound, Dossier

pytestmark = pytest.mark.django_db


def test_bench_command_prints_intake_figures_and_rolls_its_data_back(monkeypatch):
    monkeypatch.setattr(bench, "DOSSIERS", 120)
    monkeypatch.setattr(bench, "REPEATS", 1)
    out = StringIO()

    call_command("bench", only="awards.bench.intake_queue", stdout=out)

    figures = {}
    for line in out.getvalue().splitlines():
        name, value, unit = line.split(" ")
        figures[name] = (float(value), unit)
    for name in ("intake_page1_ms", "intake_search_ms", "intake_state_ms", "intake_last_page_ms"):
        assert figures[name][1] == "ms"
        assert figures[name][0] > 0
    assert figures["intake_page1_queries"] == figures["intake_last_page_queries"]
    assert not AwardRound.objects.exists()
    assert not Dossier.objects.exists()


def test_build_round_fills_the_search_and_sort_columns_like_save():
    award_round, _secretary = bench.build_round(dossiers=20)

    built = Dossier.objects.filter(award_round=award_round).select_related("facility__unit")
    assert built.count() == 20
    for dossier in built[:5]:
        search_text, title_sort = dossier.search_text, dossier.title_sort
        dossier.refresh_search_fields()
        assert (search_text, title_sort) == (dossier.search_text, dossier.title_sort)
