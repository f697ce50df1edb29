import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from awards.enums import DayKind
from awards.models import Holiday, RuleSet
from awards.presets.holidays import HOLIDAYS, load_holidays
from awards.rulesets import consultation_closes

pytestmark = pytest.mark.django_db
d = datetime.date


def test_shipped_holidays_cover_2025_to_2027_once_each_on_working_days():
    days = [day for day, _name in HOLIDAYS]

    assert len(days) == len(set(days))
    assert {day.year for day in days} == {2025, 2026, 2027}
    assert all(day.weekday() < 5 for day in days if day != d(2026, 4, 26))
    for fixed in (d(2025, 4, 7), d(2026, 4, 26), d(2027, 4, 16), d(2026, 9, 2), d(2027, 1, 1)):
        assert fixed in days


def test_load_presets_adds_the_holidays_silently_and_only_once():
    first, second = StringIO(), StringIO()

    call_command("load_presets", stdout=first)
    rows = sorted(Holiday.objects.values_list("pk", "day", "name"))
    call_command("load_presets", stdout=second)

    assert len(rows) == len(HOLIDAYS)
    assert sorted(Holiday.objects.values_list("pk", "day", "name")) == rows
    assert len(first.getvalue().strip().splitlines()) == 1
    assert len(second.getvalue().strip().splitlines()) == 1


def test_load_holidays_keeps_a_name_the_administrator_corrected():
    Holiday.objects.create(day=d(2026, 9, 2), name="Quốc khánh (đã sửa)")

    created = load_holidays()

    assert created == len(HOLIDAYS) - 1
    assert Holiday.objects.get(day=d(2026, 9, 2)).name == "Quốc khánh (đã sửa)"


def test_working_day_consultation_skips_the_tet_break():
    call_command("load_presets", stdout=StringIO())
    rule_set = RuleSet.objects.latest_preset("provincial-title-dongnai")
    rule_set.consultation_day_kind, rule_set.consultation_days = DayKind.WORKING, 5
    holidays = Holiday.objects.values_list("day", flat=True)

    closes = consultation_closes(rule_set=rule_set, opens=d(2026, 2, 12), holidays=holidays)

    # Thu 12, Fri 13, (Tết 16–20 Feb), Mon 23, Tue 24, Wed 25
    assert closes == d(2026, 2, 25)
