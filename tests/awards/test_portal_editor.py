"""The dossier editor: facts, declarations, read-only after submission, completeness."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from awards.enums import CheckKind, DossierState, Market, ProductGroup, Title
from awards.forms.dossiers import format_vnd, parse_vnd
from awards.models import Dossier, EligibilityCheck
from awards.portal import completeness, seen_stamp
from tests.awards.factories_portal import html, login
from tests.factories import (
    ArtisanDossierFactory,
    AwardRoundFactory,
    DossierFactory,
    add_document,
    add_photo,
)

pytestmark = pytest.mark.django_db
S = DossierState


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def product_facts(dossier, **overrides):
    data = {
        "seen": seen_stamp(dossier.updated_at),
        "title": "Bình gốm men lam Biên Hòa",
        "is_product_set": "1",
        "product_group": ProductGroup.HANDICRAFT,
        "description": "Gốm thủ công, men lam truyền thống.",
        "raw_materials": "Đất sét Tân Vạn",
        "production_capacity": "2.000 sản phẩm/năm",
        "annual_revenue": "1.250.000.000",
        "jobs": "12",
        "markets": [Market.LOCAL, Market.EXPORT],
        "standards": "ISO 9001",
    }
    data.update(overrides)
    return data


# --- facts -------------------------------------------------------------------------------


def test_facts_save_stores_every_product_fact(client):
    dossier = DossierFactory(files=False, title="", description="")
    login(client, dossier.owner)

    response = client.post(reverse("portal:facts", args=[dossier.pk]), product_facts(dossier))

    dossier.refresh_from_db()
    assert response.status_code == 302
    assert dossier.title == "Bình gốm men lam Biên Hòa"
    assert dossier.is_product_set is True
    assert dossier.product_group == ProductGroup.HANDICRAFT
    assert dossier.raw_materials == "Đất sét Tân Vạn"
    assert dossier.annual_revenue == Decimal("1250000000")
    assert dossier.jobs == 12
    assert dossier.markets == [Market.LOCAL, Market.EXPORT]
    assert dossier.standards == "ISO 9001"
    assert "The information has been saved." in html(client.get(response["Location"]))


def test_facts_save_and_continue_goes_to_documents(client):
    dossier = DossierFactory(files=False)
    login(client, dossier.owner)

    response = client.post(
        reverse("portal:facts", args=[dossier.pk]), {**product_facts(dossier), "continue": "1"}
    )

    assert response["Location"] == reverse("portal:documents", args=[dossier.pk])


def test_facts_page_shows_revenue_with_dots(client):
    dossier = DossierFactory(files=False, annual_revenue=Decimal("1250000000"))
    login(client, dossier.owner)

    page = html(client.get(reverse("portal:facts", args=[dossier.pk])))

    assert 'value="1.250.000.000"' in page
    assert 'inputmode="numeric"' in page
    assert 'type="number"' in page  # jobs


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.250.000.000", Decimal("1250000000")),
        ("1250000000", Decimal("1250000000")),
        ("1 250 000 000 đ", Decimal("1250000000")),
        ("1,250,000,000", Decimal("1250000000")),
        ("1.250.000.000,00", Decimal("1250000000")),
        ("750.000 VND", Decimal("750000")),
        ("", None),
    ],
)
def test_parse_vnd_accepts_how_people_write_money(text, amount):
    assert parse_vnd(text) == amount


@pytest.mark.parametrize("text", ["1,5", "mười triệu", "1.25.000", "-5", "9" * 16])
def test_parse_vnd_refuses_what_is_not_whole_dong(text):
    with pytest.raises(ValidationError):
        parse_vnd(text)


def test_format_vnd_groups_thousands_with_dots():
    assert format_vnd(Decimal("1250000000")) == "1.250.000.000"
    assert format_vnd(None) == ""


def test_facts_with_bad_revenue_keeps_input_and_saves_nothing(client):
    dossier = DossierFactory(files=False, title="Cũ")
    login(client, dossier.owner)

    response = client.post(
        reverse("portal:facts", args=[dossier.pk]),
        product_facts(dossier, title="Mới", annual_revenue="mười tỷ"),
    )

    dossier.refresh_from_db()
    assert response.status_code == 400
    assert "Write the amount in đồng with digits only" in html(response)
    assert 'value="Mới"' in html(response)
    assert dossier.title == "Cũ"


def test_facts_refuses_a_stale_form_and_keeps_the_users_input(client):
    dossier = DossierFactory(files=False, title="Tên ban đầu")
    login(client, dossier.owner)
    stale = seen_stamp(dossier.updated_at)
    # Someone else saves the dossier after the form was drawn.
    other = Dossier.objects.get(pk=dossier.pk)
    other.title = "Tên người khác sửa"
    other.save()

    response = client.post(
        reverse("portal:facts", args=[dossier.pk]),
        product_facts(dossier, seen=stale, title="Tên của tôi"),
    )

    page = html(response)
    dossier.refresh_from_db()
    assert response.status_code == 409
    assert "Someone changed this dossier after you opened the page. Nothing was saved." in page
    assert 'value="Tên của tôi"' in page
    assert "Name of the product or product set" in page.split("compare them with yours:")[1]
    assert dossier.title == "Tên người khác sửa"
    # The form now carries the current stamp, so saving again is a deliberate choice.
    assert seen_stamp(dossier.updated_at) in page


def test_facts_without_the_stamp_is_refused(client):
    dossier = DossierFactory(files=False, title="Cũ")
    login(client, dossier.owner)

    response = client.post(
        reverse("portal:facts", args=[dossier.pk]), product_facts(dossier, seen="", title="Mới")
    )

    dossier.refresh_from_db()
    assert "This form is out of date." in html(response)
    assert dossier.title == "Cũ"


def test_artisan_facts_save(client):
    dossier = ArtisanDossierFactory(files=False, years_in_craft=None)
    login(client, dossier.owner)

    client.post(
        reverse("portal:facts", args=[dossier.pk]),
        {
            "seen": seen_stamp(dossier.updated_at),
            "title_sought": Title.SKILLED_WORKER,
            "craft": "Gốm mỹ nghệ",
            "years_in_craft": "22",
            "works": "Bình hoa sen (2019)\nĐĩa men rạn (2021)",
            "works_count": "14",
            "prizes": "Giải Ba Hội thi thợ giỏi tỉnh 2022",
            "trainees_count": "35",
            "titles_held": "",
        },
    )

    dossier.refresh_from_db()
    assert dossier.years_in_craft == 22
    assert dossier.works_count == 14
    assert dossier.trainees_count == 35
    assert dossier.prizes == "Giải Ba Hội thi thợ giỏi tỉnh 2022"


def test_artisan_facts_offer_only_the_rounds_titles(client):
    dossier = ArtisanDossierFactory(files=False)
    login(client, dossier.owner)

    page = html(client.get(reverse("portal:facts", args=[dossier.pk])))
    response = client.post(
        reverse("portal:facts", args=[dossier.pk]),
        {"seen": seen_stamp(dossier.updated_at), "title_sought": Title.PEOPLES_ARTISAN},
    )

    dossier.refresh_from_db()
    assert "Skilled Worker" in page and "People's Artisan" not in page
    assert response.status_code == 400
    assert dossier.title_sought == Title.SKILLED_WORKER


# --- after submission: read only ---------------------------------------------------------


def test_submitted_dossier_is_shown_read_only(client):
    dossier = DossierFactory(state=S.SUBMITTED)
    login(client, dossier.owner)

    page = html(client.get(reverse("portal:facts", args=[dossier.pk])))

    assert "it can no longer be changed" in page
    assert "disabled" in page
    assert "Save and continue" not in page


@pytest.mark.parametrize(
    "state", [S.SUBMITTED, S.ACCEPTED, S.IN_SCORING, S.RECOGNISED, S.WITHDRAWN]
)
def test_facts_post_after_submission_is_refused_and_changes_nothing(client, state):
    dossier = DossierFactory(state=state, title="Đã nộp")
    login(client, dossier.owner)

    response = client.post(
        reverse("portal:facts", args=[dossier.pk]), product_facts(dossier, title="Sửa lén")
    )

    dossier.refresh_from_db()
    assert dossier.title == "Đã nộp"
    assert "can no longer be changed. Nothing was saved." in html(client.get(response["Location"]))


def test_returned_dossier_can_be_edited_and_shows_the_deadline(client):
    deadline = timezone.now() + datetime.timedelta(days=5)
    dossier = DossierFactory(state=S.RETURNED, supplement_deadline=deadline, title="Cũ")
    login(client, dossier.owner)

    page = html(client.get(reverse("portal:facts", args=[dossier.pk])))
    client.post(reverse("portal:facts", args=[dossier.pk]), product_facts(dossier, title="Mới"))

    dossier.refresh_from_db()
    assert "The secretariat returned this dossier" in page
    assert timezone.localtime(deadline).strftime("%d/%m/%Y %H:%M") in page
    assert dossier.title == "Mới"


def test_declarations_post_after_submission_is_refused(client):
    dossier = DossierFactory(state=S.SUBMITTED, declarations={})
    login(client, dossier.owner)

    client.post(reverse("portal:declarations", args=[dossier.pk]), {"declare_own_production": "on"})

    dossier.refresh_from_db()
    assert dossier.declarations == {}


# --- declarations ------------------------------------------------------------------------


def test_declarations_are_saved_as_true_for_ticked_statements(client):
    dossier = DossierFactory(files=False, declarations={})
    login(client, dossier.owner)
    EligibilityCheck.objects.create(
        rule_set=dossier.award_round.rule_set, code="no_violation", kind=CheckKind.DECLARATION,
        label="Không vi phạm sở hữu trí tuệ",
    )  # fmt: skip

    page = html(client.get(reverse("portal:declarations", args=[dossier.pk])))
    client.post(reverse("portal:declarations", args=[dossier.pk]), {"declare_own_production": "on"})

    dossier.refresh_from_db()
    assert "Sản phẩm do cơ sở tự sản xuất" in page and "Không vi phạm sở hữu trí tuệ" in page
    assert 'type="checkbox"' in page
    assert dossier.declarations == {"own_production": True}


def test_declarations_untick_removes_the_statement(client):
    dossier = DossierFactory(files=False, declarations={"own_production": True})
    login(client, dossier.owner)

    client.post(reverse("portal:declarations", args=[dossier.pk]), {})

    dossier.refresh_from_db()
    assert dossier.declarations == {}


def test_declarations_page_shows_minima_with_the_dossiers_figure(client):
    dossier = ArtisanDossierFactory(files=False, years_in_craft=3)
    login(client, dossier.owner)

    page = html(client.get(reverse("portal:declarations", args=[dossier.pk])))

    assert "Có ít nhất 5 năm làm nghề" in page
    assert "at least 5; your dossier says 3." in page
    assert "Not met yet" in page


# --- completeness ------------------------------------------------------------------------


def test_completeness_lists_every_missing_thing_in_words():
    dossier = DossierFactory(files=False, title="", product_group="", declarations={})

    problems = completeness(dossier=dossier)

    text = " ".join(problems)
    assert "the product name" in text
    assert "the product group" in text
    assert "Giấy chứng nhận đăng ký kinh doanh" in text
    assert "at least 3 colour photos of the product (now 0)" in text
    assert "Not declared: Sản phẩm do cơ sở tự sản xuất" in text
    assert "Giấy chứng nhận chất lượng" not in text  # optional


def test_completeness_becomes_empty_when_complete():
    dossier = DossierFactory(files=False)
    assert completeness(dossier=dossier)
    for requirement in dossier.required_documents().filter(mandatory=True):
        add_document(dossier, requirement)
    for index in range(3):
        add_photo(dossier, index)

    assert completeness(dossier=dossier) == []


def test_completeness_of_a_returned_dossier_checks_the_supplement_deadline():
    dossier = DossierFactory(
        state=S.RETURNED,
        award_round=AwardRoundFactory(closed=True),
        supplement_deadline=timezone.now() - datetime.timedelta(hours=1),
    )

    problems = completeness(dossier=dossier)

    assert len(problems) == 1
    assert "The deadline for the supplement passed" in problems[0]


def test_completeness_panel_shows_problems_with_links_on_every_step(client):
    dossier = DossierFactory(files=False, title="")
    login(client, dossier.owner)

    for name in ("facts", "documents", "photos", "declarations", "review"):
        page = html(client.get(reverse(f"portal:{name}", args=[dossier.pk])))
        assert "Still missing" in page
        assert "the product name" in page
        assert reverse("portal:documents", args=[dossier.pk]) in page
        assert "Submit the dossier" not in page


def test_completeness_panel_says_ready_and_offers_submit(client):
    dossier = DossierFactory()
    login(client, dossier.owner)

    page = html(client.get(reverse("portal:review", args=[dossier.pk])))

    assert "Ready to submit" in page
    assert "4 of 4 parts complete" in page
    try:
        submit_url = reverse("followup:submit", args=[dossier.pk])
    except Exception:  # the follow-up pages are built alongside; the button needs them
        pytest.skip("followup:submit is not mounted yet")
    assert f'action="{submit_url}"' in page
    assert "Submit the dossier" in page


def test_review_shows_the_facts_and_documents(client):
    dossier = DossierFactory(annual_revenue=Decimal("1250000000"))
    login(client, dossier.owner)

    page = html(client.get(reverse("portal:review", args=[dossier.pk])))

    assert dossier.title in page
    assert "1.250.000.000 đ" in page
    assert "Giấy chứng nhận đăng ký kinh doanh" in page
    assert "giay-phep.pdf" in page


def test_dossier_url_leads_to_the_first_step(client):
    dossier = DossierFactory(files=False)
    login(client, dossier.owner)

    response = client.get(reverse("portal:dossier", args=[dossier.pk]))

    assert response["Location"] == reverse("portal:facts", args=[dossier.pk])
