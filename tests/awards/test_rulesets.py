import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from awards.enums import DayKind, EvaluationMode, ValidityKind, VoteDenominator
from awards.models import RuleSet
from awards.presets.loader import load_rule_set_presets, preset_problems
from awards.rulesets import certificate_valid_until, consultation_closes, validate_rule_set

PRESET_CODES = ["product-tt26", "artisan-nd43", "provincial-title-dongnai", "ocop-2023"]


@pytest.fixture
def presets(db):
    load_rule_set_presets()
    return {code: RuleSet.objects.latest_preset(code) for code in PRESET_CODES}


@pytest.mark.parametrize("code", PRESET_CODES)
def test_preset_validates(presets, code):
    validate_rule_set(presets[code])

    assert preset_problems(presets[code]) == []


def test_product_preset_groups_are_40_40_10_10_and_sub_criteria_sum_to_each(presets):
    product = presets["product-tt26"]
    groups = list(product.criteria.filter(parent__isnull=True).order_by("order"))

    assert [(g.code, g.max_points) for g in groups] == [
        ("1", 40),
        ("2", 40),
        ("3", 10),
        ("4", 10),
    ]
    for group in groups:
        subs = list(group.children.all())
        assert 3 <= len(subs) <= 4
        assert sum(sub.max_points for sub in subs) == group.max_points


def test_product_preset_carries_the_circular_defaults(presets):
    product = presets["product-tt26"]

    assert product.levels == ["commune", "province", "region", "national"]
    assert product.evaluation_mode == EvaluationMode.SCORE_SHEET
    assert product.pass_mark == Decimal("70")
    assert product.quorum_ratio == Decimal("0.6667")
    assert product.nomination_quota is None
    assert product.min_photos == 3
    assert (product.certificate_validity_kind, product.certificate_validity_value) == (
        ValidityKind.END_OF_YEAR,
        4,
    )
    assert set(product.eligibility_checks.values_list("code", flat=True)) == {
        "own_production",
        "no_violation",
        "mass_producible",
    }


def test_product_checklist_adds_lower_certificates_at_region_and_national(presets):
    product = presets["product-tt26"]

    def mandatory(level):
        return set(
            product.requirements.filter(level=level, mandatory=True).values_list("code", flat=True)
        )

    base = {"registration_form", "business_registration", "product_description"}
    assert mandatory("commune") == base
    assert mandatory("province") == base
    assert mandatory("region") == base | {"province_decision", "province_certificate"}
    assert mandatory("national") == base | {"region_certificate"}
    food_safety = product.requirements.get(level="province", code="food_safety")
    assert not food_safety.mandatory
    assert "nhóm 2" in food_safety.description


def test_ocop_preset_has_three_parts_and_star_bands(presets):
    ocop = presets["ocop-2023"]
    groups = {g.code: g for g in ocop.criteria.filter(parent__isnull=True)}

    assert {code: g.max_points for code, g in groups.items()} == {"A": 40, "B": 25, "C": 35}
    for group in groups.values():
        assert sum(sub.max_points for sub in group.children.all()) == group.max_points
    assert [band["label"] for band in ocop.bands] == ["5 sao", "4 sao", "3 sao", "2 sao", "1 sao"]
    assert ocop.pass_mark == Decimal("50")


def test_artisan_presets_vote_by_ballot_with_configurable_thresholds(presets):
    national = presets["artisan-nd43"]
    provincial = presets["provincial-title-dongnai"]

    assert national.uses_ballot and provincial.uses_ballot
    assert national.pass_mark is None
    assert (national.vote_quorum_pct, national.vote_approval_pct) == (75, 90)
    assert national.vote_denominator == VoteDenominator.LISTED
    assert national.has_consultation_at("state")
    assert not national.has_consultation_at("province")
    assert provincial.vote_denominator == VoteDenominator.PRESENT
    assert provincial.has_consultation_at("province")
    assert not national.criteria.exists()


def test_artisan_preset_minimums_per_title(presets):
    minimums = {
        (check.title, check.field): check.minimum
        for check in presets["artisan-nd43"].eligibility_checks.filter(kind="minimum")
    }

    assert minimums[("peoples_artisan", "years_in_craft")] == 20
    assert minimums[("peoples_artisan", "trainees_count")] == 150
    assert minimums[("peoples_artisan", "works_count")] == 2
    assert minimums[("meritorious_artisan", "years_in_craft")] == 15
    assert (
        presets["artisan-nd43"].eligibility_checks.get(code="peoples_holds_meritorious").title
        == "peoples_artisan"
    )


def test_artisan_checklist_uses_the_title_for_forms_01_and_02(presets):
    requirements = presets["artisan-nd43"].requirements

    assert requirements.get(level="province", code="achievement_form_01").title == (
        "peoples_artisan"
    )
    assert requirements.get(level="province", code="achievement_form_02").title == (
        "meritorious_artisan"
    )
    assert requirements.filter(level="ministry", code="province_council_minutes").exists()
    assert requirements.filter(level="state", code="ministry_council_minutes").exists()
    assert not requirements.filter(level="province", code__endswith="_minutes").exists()


# --- certificate validity -------------------------------------------------------------------


def test_product_certificate_issued_december_2025_is_valid_to_end_of_2028(presets):
    until = certificate_valid_until(
        rule_set=presets["product-tt26"], issued_on=datetime.date(2025, 12, 15)
    )

    assert until == datetime.date(2028, 12, 31)


def test_product_certificate_issued_in_january_still_counts_the_issue_year(presets):
    until = certificate_valid_until(
        rule_set=presets["product-tt26"], issued_on=datetime.date(2025, 1, 2)
    )

    assert until == datetime.date(2028, 12, 31)


def test_ocop_certificate_runs_to_the_day_before_36_months_later(presets):
    until = certificate_valid_until(
        rule_set=presets["ocop-2023"], issued_on=datetime.date(2025, 3, 31)
    )

    assert until == datetime.date(2028, 3, 30)


@pytest.mark.parametrize(
    ("issued_on", "months", "expected"),
    [
        (datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2025, 1, 28), 1, datetime.date(2025, 2, 27)),
        (datetime.date(2025, 11, 15), 3, datetime.date(2026, 2, 14)),
    ],
)
def test_months_validity_ends_on_month_end_when_the_date_does_not_exist(
    issued_on, months, expected
):
    rule_set = RuleSet(
        certificate_validity_kind=ValidityKind.MONTHS, certificate_validity_value=months
    )

    assert certificate_valid_until(rule_set=rule_set, issued_on=issued_on) == expected


def test_artisan_title_never_expires(presets):
    until = certificate_valid_until(
        rule_set=presets["artisan-nd43"], issued_on=datetime.date(2025, 9, 2)
    )

    assert until is None


# --- public consultation --------------------------------------------------------------------


def _consultation(days, kind):
    return RuleSet(consultation_days=days, consultation_day_kind=kind)


def test_fifteen_working_days_from_a_friday_skip_three_weekends():
    closes = consultation_closes(
        rule_set=_consultation(15, DayKind.WORKING), opens=datetime.date(2025, 9, 5)
    )

    assert closes == datetime.date(2025, 9, 25)


def test_working_days_skip_public_holidays_given_as_a_generator():
    holidays = (datetime.date(2025, 9, d) for d in (1, 2))

    closes = consultation_closes(
        rule_set=_consultation(15, DayKind.WORKING),
        opens=datetime.date(2025, 8, 29),
        holidays=holidays,
    )

    assert closes == datetime.date(2025, 9, 22)


def test_consultation_opening_on_a_saturday_starts_counting_on_monday():
    closes = consultation_closes(
        rule_set=_consultation(5, DayKind.WORKING), opens=datetime.date(2025, 9, 6)
    )

    assert closes == datetime.date(2025, 9, 12)


def test_calendar_days_count_the_opening_day_as_day_one(presets):
    national = consultation_closes(
        rule_set=presets["artisan-nd43"], opens=datetime.date(2025, 9, 5)
    )
    provincial = consultation_closes(
        rule_set=presets["provincial-title-dongnai"], opens=datetime.date(2025, 9, 5)
    )

    assert national == datetime.date(2025, 9, 24)
    assert provincial == datetime.date(2025, 9, 19)


def test_no_consultation_without_days():
    assert consultation_closes(rule_set=RuleSet(), opens=datetime.date(2025, 9, 5)) is None


# --- validation -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_validate_rule_set_reports_a_band_minimum_that_is_not_a_number():
    rule_set = RuleSet.objects.create(
        code="hand-edited",
        name="Bộ quy tắc sửa tay",
        family="product",
        bands=[{"label": "5 sao", "min": "90"}, {"label": "4 sao", "min": 70}],
    )

    with pytest.raises(ValidationError) as error:
        validate_rule_set(rule_set)

    assert len(error.value.messages) == 1
    assert "1" in error.value.messages[0]
