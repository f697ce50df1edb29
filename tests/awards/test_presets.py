import copy
import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from awards import guards
from awards.enums import Family, Level, Title
from awards.models import AdminUnit, Criterion, DocumentRequirement, EligibilityCheck, RuleSet
from awards.presets import loader
from awards.presets.loader import load_rule_set_presets
from awards.presets.rulesets import PRESETS
from awards.services import create_round
from tests.factories import AgencyFactory, ArtisanDossierFactory

pytestmark = pytest.mark.django_db


def _rows():
    """Every row the loader writes, as (model, pk, natural key) for exact comparison."""
    return {
        "units": sorted(AdminUnit.objects.values_list("pk", "code", "parent_id", "successor_id")),
        "rule_sets": sorted(RuleSet.objects.values_list("pk", "code", "version", "pass_mark")),
        "criteria": sorted(
            Criterion.objects.values_list("pk", "rule_set_id", "code", "parent_id", "max_points")
        ),
        "requirements": sorted(
            DocumentRequirement.objects.values_list("pk", "rule_set_id", "level", "code")
        ),
        "checks": sorted(EligibilityCheck.objects.values_list("pk", "rule_set_id", "code")),
    }


def _round_fields(**extra):
    now = timezone.now()
    fields = {
        "code": "dong-nai-2026",
        "code_prefix": "DN26",
        "name": "Bình chọn sản phẩm CNNT tiêu biểu tỉnh Đồng Nai năm 2026",
        "family": Family.PRODUCT,
        "level": Level.PROVINCE,
        "year": 2026,
        "organiser": AgencyFactory(),
        "registration_opens": now - datetime.timedelta(days=1),
        "registration_closes": now + datetime.timedelta(days=30),
    }
    return {**fields, **extra}


def _snapshot(rule_set):
    return {
        "pass_mark": rule_set.pass_mark,
        "criteria": sorted(
            rule_set.criteria.values_list("code", "name", "max_points", "parent__code")
        ),
        "requirements": sorted(
            rule_set.requirements.values_list("level", "code", "name", "mandatory")
        ),
        "checks": sorted(rule_set.eligibility_checks.values_list("code", "label", "minimum")),
    }


def test_load_presets_twice_gives_identical_rows():
    first_out, second_out = StringIO(), StringIO()

    call_command("load_presets", stdout=first_out)
    after_first = _rows()
    call_command("load_presets", stdout=second_out)

    assert _rows() == after_first
    assert len(after_first["units"]) == 203
    assert len(after_first["rule_sets"]) == 4
    assert "203 (203" in first_out.getvalue()
    assert "203 (0" in second_out.getvalue()
    assert "4 (0" in second_out.getvalue()
    assert len(second_out.getvalue().strip().splitlines()) == 1


def test_reloading_restores_edited_preset_rows_and_keeps_their_pks():
    load_rule_set_presets()
    preset = RuleSet.objects.latest_preset("product-tt26")
    criterion = preset.criteria.get(code="1.1")
    Criterion.objects.filter(pk=criterion.pk).update(name="Đã sửa", max_points=1)
    preset.requirements.filter(code="food_safety").delete()
    EligibilityCheck.objects.create(
        rule_set=preset, code="extra", kind="declaration", label="Thêm tay"
    )
    RuleSet.objects.filter(pk=preset.pk).update(pass_mark=Decimal("90"))

    counts = load_rule_set_presets()

    preset.refresh_from_db()
    criterion.refresh_from_db()
    assert preset.pass_mark == Decimal("70")
    assert (criterion.name, criterion.max_points) != ("Đã sửa", 1)
    assert criterion.max_points == 15
    assert preset.requirements.filter(code="food_safety").count() == 5
    assert not preset.eligibility_checks.filter(code="extra").exists()
    assert (counts.created, counts.updated, counts.unchanged) == (0, 1, 3)


def test_round_keeps_its_copy_when_the_preset_is_reloaded_with_changed_data():
    load_rule_set_presets()
    preset = RuleSet.objects.latest_preset("product-tt26")
    award_round = create_round(preset=preset, **_round_fields())
    before = _snapshot(award_round.rule_set)
    changed = copy.deepcopy(PRESETS)
    product = next(p for p in changed if p["code"] == "product-tt26")
    product["pass_mark"] = Decimal("75")
    group_one = product["criteria"][0]
    group_one["name"] = "Nhóm 1 (đã sửa)"
    group_one["children"][0]["max_points"] = 10
    group_one["children"][1]["max_points"] = 15
    product["requirements"] = [r for r in product["requirements"] if r["code"] != "food_safety"]
    product["checks"] = product["checks"][:2]

    load_rule_set_presets(presets=changed)

    preset.refresh_from_db()
    assert preset.pass_mark == Decimal("75")
    assert preset.criteria.get(code="1.1").max_points == 10
    assert not preset.requirements.filter(code="food_safety").exists()
    award_round.rule_set.refresh_from_db()
    assert award_round.rule_set.pk != preset.pk
    assert award_round.rule_set.copied_from_id == preset.pk
    assert _snapshot(award_round.rule_set) == before
    assert award_round.rule_set.pass_mark == Decimal("70")


def test_a_new_preset_version_is_a_separate_row():
    load_rule_set_presets()
    first = RuleSet.objects.latest_preset("ocop-2023")
    changed = copy.deepcopy(PRESETS)
    ocop = next(p for p in changed if p["code"] == "ocop-2023")
    ocop["version"] = 2
    ocop["certificate_validity_value"] = 24

    load_rule_set_presets(presets=[ocop])

    latest = RuleSet.objects.latest_preset("ocop-2023")
    first.refresh_from_db()
    assert latest.version == 2
    assert latest.pk != first.pk
    assert (first.certificate_validity_value, latest.certificate_validity_value) == (36, 24)
    assert latest.criteria.count() == first.criteria.count()


def test_invalid_preset_fails_loudly_and_writes_nothing():
    broken = copy.deepcopy(PRESETS)
    broken[0]["criteria"][0]["children"][0]["max_points"] = 14  # group 1 now sums to 39

    with pytest.raises(ValidationError) as error:
        load_rule_set_presets(presets=broken)

    assert "product-tt26" in error.value.messages[0]
    assert "39" in " ".join(error.value.messages)
    assert not RuleSet.objects.exists()


def test_preset_with_a_minimum_on_an_unknown_figure_is_refused():
    broken = copy.deepcopy(PRESETS)
    artisan = next(p for p in broken if p["code"] == "artisan-nd43")
    artisan["checks"][1]["field"] = "age"

    with pytest.raises(ValidationError, match="age"):
        load_rule_set_presets(presets=broken)


def test_command_turns_an_invalid_preset_into_a_command_error(monkeypatch):
    broken = copy.deepcopy(PRESETS)
    broken[-1]["bands"] = [{"label": "1 sao", "min": 0}, {"label": "5 sao", "min": 90}]
    monkeypatch.setattr(loader, "PRESETS", broken)

    with pytest.raises(CommandError, match="từ cao xuống thấp"):
        call_command("load_presets", stdout=StringIO())

    assert not RuleSet.objects.exists()


def _artisan_round():
    load_rule_set_presets()
    preset = RuleSet.objects.latest_preset("artisan-nd43")
    return create_round(
        preset=preset,
        **_round_fields(
            code="nghe-nhan-2026",
            code_prefix="NN26",
            name="Xét tặng Nghệ nhân 2026",
            family=Family.NATIONAL_ARTISAN,
            titles=[Title.PEOPLES_ARTISAN, Title.MERITORIOUS_ARTISAN],
        ),
    )


def test_peoples_artisan_with_19_years_fails_only_the_years_check():
    award_round = _artisan_round()
    dossier = ArtisanDossierFactory(
        award_round=award_round,
        title_sought=Title.PEOPLES_ARTISAN,
        years_in_craft=19,
        works_count=2,
        trainees_count=150,
        declarations={"peoples_holds_meritorious": True},
    )

    problems = guards.eligible.problems(dossier)

    assert len(problems) == 1
    assert "20 năm" in problems[0]


def test_meritorious_artisan_is_not_held_to_the_peoples_artisan_bars():
    award_round = _artisan_round()
    dossier = ArtisanDossierFactory(
        award_round=award_round,
        title_sought=Title.MERITORIOUS_ARTISAN,
        years_in_craft=15,
        works_count=1,
        trainees_count=50,
        declarations={},
    )

    assert guards.eligible.problems(dossier) == []
    assert {r.code for r in dossier.required_documents()} == {
        "achievement_form_02",
        "craft_evidence",
        "prizes",
        "commune_confirmation",
    }
