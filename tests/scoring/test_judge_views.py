import datetime
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from awards.enums import DossierState
from awards.models import AwardRound, Dossier
from scoring.enums import SheetStatus
from scoring.models import Assignment, Conflict, ScoreLine, ScoreSheet
from scoring.sheets import get_or_start_sheet, save_draft, submit_sheet
from tests.factories import DossierFactory, UserFactory
from tests.scoring.factories_sheets import add_dossier, add_judge, scoring_scene

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def _login(client, user):
    client.force_login(user)
    return client


def _dossier_url(dossier):
    return reverse("scoring:judge_dossier", args=[dossier.pk])


def _field(criterion):
    return f"points-{criterion.pk}"


def _form(scene, action="save", version="", comment="", **by_code):
    leaves = scene.leaves()
    data = {"action": action, "version": version, "comment": comment}
    data.update({_field(leaves[code]): value for code, value in by_code.items()})
    return data


FULL = {"1.1": "25", "1.2": "20.5", "2.1": "15", "2.2": "10.25"}


def _submit(scene, member=None, values=None):
    member = member or scene.judge
    sheet = get_or_start_sheet(member=member, dossier=scene.dossier)
    points = scene.points(**(values or FULL))
    save_draft(sheet=sheet, points=points, comment="", by=member.user)
    return submit_sheet(sheet=sheet, by=member.user)


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


# --- lists --------------------------------------------------------------------------------


def test_judge_home_lists_my_rounds_with_progress(client):
    scene = scoring_scene()
    add_dossier(scene)
    _submit(scene)

    response = _login(client, scene.user).get(reverse("scoring:judge_home"))

    text = _text(response)
    assert scene.award_round.name in text
    assert "1 of 2 sheets submitted" in text
    assert reverse("scoring:judge_round", args=[scene.award_round.code]) in text


def test_judge_home_is_empty_for_someone_without_a_seat(client):
    scoring_scene()

    response = _login(client, UserFactory()).get(reverse("scoring:judge_home"))

    assert "You do not sit on any jury yet" in _text(response)


def test_judge_round_lists_assigned_dossiers_with_their_status(client):
    scene = scoring_scene()
    drafted = add_dossier(scene, title="Nón lá Huế")
    untouched = add_dossier(scene, title="Chổi đót")
    _submit(scene)
    sheet = get_or_start_sheet(member=scene.judge, dossier=drafted)
    save_draft(sheet=sheet, points=scene.points(**{"1.1": "3"}), comment="", by=scene.user)
    not_mine = DossierFactory(award_round=scene.award_round, state=DossierState.IN_SCORING)

    response = _login(client, scene.user).get(
        reverse("scoring:judge_round", args=[scene.award_round.code])
    )

    rows = {row.dossier.pk: row.sheet_status for row in response.context["rows"]}
    assert rows == {
        scene.dossier.pk: SheetStatus.SUBMITTED,
        drafted.pk: SheetStatus.DRAFT,
        untouched.pk: None,
    }
    assert not_mine.code not in _text(response)
    assert "1 of 3 sheets submitted" in _text(response)
    assert "Not started" in _text(response)


def test_judge_round_hides_conflicted_and_withdrawn_dossiers(client):
    scene = scoring_scene()
    conflicted = add_dossier(scene)
    withdrawn = add_dossier(scene)
    Conflict.objects.create(member=scene.judge, dossier=conflicted, reason="x")
    Dossier.objects.filter(pk=withdrawn.pk).update(state=DossierState.WITHDRAWN)

    response = _login(client, scene.user).get(
        reverse("scoring:judge_round", args=[scene.award_round.code])
    )

    assert [row.dossier.pk for row in response.context["rows"]] == [scene.dossier.pk]


def test_judge_round_is_404_without_a_seat_in_the_round(client):
    scene = scoring_scene()

    response = _login(client, UserFactory()).get(
        reverse("scoring:judge_round", args=[scene.award_round.code])
    )

    assert response.status_code == 404


def test_judge_round_query_count_does_not_grow_with_dossiers(client):
    scene = scoring_scene()
    url = reverse("scoring:judge_round", args=[scene.award_round.code])
    _login(client, scene.user)
    client.get(url)

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(3):
        dossier = add_dossier(scene)
        sheet = get_or_start_sheet(member=scene.judge, dossier=dossier)
        save_draft(sheet=sheet, points=scene.points(**{"1.1": "1"}), comment="", by=scene.user)
    with CaptureQueriesContext(connection) as four:
        response = client.get(url)

    assert len(response.context["rows"]) == 4
    assert len(four) == len(one)


def test_judge_home_query_count_does_not_grow_with_rounds(client):
    scene = scoring_scene()
    url = reverse("scoring:judge_home")
    _login(client, scene.user)
    client.get(url)

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(2):
        other = scoring_scene()
        other.judge.user = scene.user
        other.judge.save()
    with CaptureQueriesContext(connection) as three:
        response = client.get(url)

    assert len(response.context["rounds"]) == 3
    assert len(three) == len(one)


# --- the dossier page ---------------------------------------------------------------------


def test_judge_dossier_shows_facts_photos_documents_and_the_sheet(client):
    scene = scoring_scene()

    response = _login(client, scene.user).get(_dossier_url(scene.dossier))

    text = _text(response)
    dossier = scene.dossier
    assert dossier.title in text
    assert dossier.facility.name in text
    photo = dossier.photos.first()
    assert reverse("portal:photo_thumb", args=[photo.pk]) in text
    document = dossier.documents.first()
    assert reverse("portal:document_file", args=[document.pk]) in text
    for code, maximum in (("1.1", "30"), ("1.2", "30"), ("2.1", "20"), ("2.2", "20")):
        leaf = scene.leaves()[code]
        assert f'name="{_field(leaf)}"' in text
        assert f'max="{maximum}' in text
    assert 'inputmode="decimal"' in text
    assert 'hx-trigger="input changed delay:300ms"' in text
    assert "hx-on" not in text
    assert "max 60" in text and "max 40" in text


def test_judge_dossier_the_judge_can_read_the_linked_files(client):
    scene = scoring_scene()
    _login(client, scene.user)
    page = _text(client.get(_dossier_url(scene.dossier)))
    document = scene.dossier.documents.first()
    assert reverse("portal:document_file", args=[document.pk]) in page

    response = client.get(reverse("portal:document_file", args=[document.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_judge_dossier_is_404_when_not_assigned(client):
    scene = scoring_scene()
    colleague = add_judge(scene)
    Assignment.objects.filter(member=colleague).delete()

    response = _login(client, colleague.user).get(_dossier_url(scene.dossier))

    assert response.status_code == 404


def test_judge_dossier_is_404_when_conflicted(client):
    scene = scoring_scene()
    Conflict.objects.create(member=scene.judge, facility=scene.dossier.facility, reason="x")

    response = _login(client, scene.user).get(_dossier_url(scene.dossier))

    assert response.status_code == 404


def test_judge_dossier_is_404_for_the_applicant_and_the_secretary(client):
    scene = scoring_scene()

    for user in (scene.dossier.owner, scene.secretary):
        client.force_login(user)
        assert client.get(_dossier_url(scene.dossier)).status_code == 404


# --- live check ---------------------------------------------------------------------------


def test_check_answers_subtotals_total_and_messages_without_saving(client):
    scene = scoring_scene()
    url = reverse("scoring:judge_sheet_check", args=[scene.dossier.pk])

    response = _login(client, scene.user).post(
        url, _form(scene, **{"1.1": "25", "1.2": "20,5", "2.1": "21", "2.2": "abc"})
    )

    text = _text(response)
    group_one = scene.leaves()["1.1"].parent
    assert f'id="group-{group_one.pk}-subtotal" hx-swap-oob="true"' in text
    assert "<strong>45.50</strong> / 60" in text
    assert 'id="sheet-total-value">45.50<' in text
    assert "At most 20 points." in text
    assert "Enter a number." in text
    assert "2 of 4 criteria scored" in text
    assert not ScoreSheet.objects.exists()


def test_check_is_404_for_an_unassigned_judge(client):
    scene = scoring_scene()

    response = _login(client, UserFactory()).post(
        reverse("scoring:judge_sheet_check", args=[scene.dossier.pk]), _form(scene)
    )

    assert response.status_code == 404


# --- saving and submitting ----------------------------------------------------------------


def test_save_draft_stores_points_and_comes_back_to_the_sheet(client):
    scene = scoring_scene()

    response = _login(client, scene.user).post(
        reverse("scoring:judge_sheet_save", args=[scene.dossier.pk]),
        _form(scene, comment="Mẫu mã đẹp", **FULL),
    )

    assert response.status_code == 302
    assert response.url.endswith("#sheet")
    sheet = ScoreSheet.objects.get(member=scene.judge)
    assert sheet.status == SheetStatus.DRAFT
    assert sheet.total == Decimal("70.75")
    assert sheet.comment == "Mẫu mã đẹp"
    page = _text(client.get(_dossier_url(scene.dossier)))
    assert "Draft saved" in page
    assert 'value="20.50"' in page


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31", "At most 30 points."),
        ("-2", "Points cannot be negative."),
        ("bảy", "Enter a number."),
        ("7.555", "Use at most two decimal places."),
    ],
)
def test_save_draft_with_bad_points_shows_the_error_and_saves_nothing(client, value, message):
    scene = scoring_scene()

    response = _login(client, scene.user).post(
        reverse("scoring:judge_sheet_save", args=[scene.dossier.pk]),
        _form(scene, **{**FULL, "1.1": value}),
    )

    assert response.status_code == 422
    text = _text(response)
    leaf = scene.leaves()["1.1"]
    assert f'id="line-{leaf.pk}-msg" aria-live="polite">{message}<' in text
    assert "nothing was saved" in text
    assert 'aria-invalid="true"' in text
    assert not ScoreLine.objects.filter(points__isnull=False).exists()


def test_submit_button_with_an_incomplete_sheet_names_the_missing_criteria(client):
    scene = scoring_scene()

    response = _login(client, scene.user).post(
        reverse("scoring:judge_sheet_save", args=[scene.dossier.pk]),
        _form(scene, action="submit", **{"1.1": "10", "2.1": "5"}),
    )

    assert response.status_code == 422
    text = _text(response)
    assert "Give points for: 1.2. Tiêu chí 1.2; 2.2. Tiêu chí 2.2." in text
    assert ScoreSheet.objects.get(member=scene.judge).status == SheetStatus.DRAFT


def test_submit_goes_through_a_confirmation_then_locks_the_sheet(client):
    scene = scoring_scene()
    _login(client, scene.user)

    response = client.post(
        reverse("scoring:judge_sheet_save", args=[scene.dossier.pk]),
        _form(scene, action="submit", **FULL),
    )
    confirm_url = reverse("scoring:judge_sheet_submit", args=[scene.dossier.pk])
    assert response.url == confirm_url
    confirm = client.get(confirm_url)
    assert "Submit the score sheet?" in _text(confirm)
    assert ScoreSheet.objects.get(member=scene.judge).status == SheetStatus.DRAFT

    client.post(confirm_url, {"version": confirm.context["version"]})

    sheet = ScoreSheet.objects.get(member=scene.judge)
    assert sheet.status == SheetStatus.SUBMITTED
    assert len(sheet.content_hash) == 64
    page = _text(client.get(_dossier_url(scene.dossier)))
    assert "The sheet is locked" in page
    assert 'type="number"' not in page
    assert "70.75" in page


def test_saving_a_submitted_sheet_through_the_form_is_refused(client):
    scene = scoring_scene()
    _submit(scene)

    response = _login(client, scene.user).post(
        reverse("scoring:judge_sheet_save", args=[scene.dossier.pk]),
        _form(scene, **{**FULL, "1.1": "1"}),
        follow=True,
    )

    assert "locked" in _text(response)
    assert ScoreLine.objects.get(criterion__code="1.1").points == Decimal("25")


def test_a_stale_save_is_refused_and_the_typed_values_are_shown(client):
    scene = scoring_scene()
    _login(client, scene.user)
    save_url = reverse("scoring:judge_sheet_save", args=[scene.dossier.pk])
    client.post(save_url, _form(scene, **FULL))
    opened = client.get(_dossier_url(scene.dossier)).context["version"]
    client.post(save_url, _form(scene, version=opened, **{**FULL, "1.1": "1"}))

    response = client.post(
        save_url, _form(scene, version=opened, **{**FULL, "1.1": "2"}), follow=True
    )

    text = _text(response)
    assert "changed elsewhere" in text
    assert "1.1: 2" in text
    assert ScoreLine.objects.get(criterion__code="1.1").points == Decimal("1")


def test_submitting_after_scoring_closed_is_refused(client):
    scene = scoring_scene()
    _login(client, scene.user)
    client.post(
        reverse("scoring:judge_sheet_save", args=[scene.dossier.pk]),
        _form(scene, **FULL),
    )
    AwardRound.objects.filter(pk=scene.award_round.pk).update(
        scoring_closes=timezone.now() - datetime.timedelta(hours=1)
    )

    response = client.post(
        reverse("scoring:judge_sheet_submit", args=[scene.dossier.pk]), follow=True
    )

    assert "Scoring closed" in _text(response)
    assert ScoreSheet.objects.get(member=scene.judge).status == SheetStatus.DRAFT


def test_closed_scoring_shows_no_inputs(client):
    scene = scoring_scene(state=DossierState.SCORED)

    response = _login(client, scene.user).get(_dossier_url(scene.dossier))

    text = _text(response)
    assert "Scoring is not open for this dossier" in text
    assert 'type="number"' not in text


# --- other judges' scores -----------------------------------------------------------------


def test_other_judges_scores_are_hidden_before_scoring_closes(client):
    scene = scoring_scene()
    colleague = add_judge(scene, full_name="Lê Văn Chấm")
    _submit(scene, colleague, {"1.1": "29", "1.2": "29", "2.1": "19", "2.2": "19"})
    _submit(scene)

    response = _login(client, scene.user).get(_dossier_url(scene.dossier))

    text = _text(response)
    assert "Lê Văn Chấm" not in text
    assert '<td class="num">96</td>' not in text
    assert response.context["others"] == []


def test_other_judges_scores_show_after_own_sheet_when_the_round_allows(client):
    scene = scoring_scene(scores_visible_after_own_sheet=True)
    colleague = add_judge(scene, full_name="Lê Văn Chấm")
    _submit(scene, colleague, {"1.1": "29", "1.2": "29", "2.1": "19", "2.2": "19"})
    _login(client, scene.user)

    before = _text(client.get(_dossier_url(scene.dossier)))
    _submit(scene)
    after = _text(client.get(_dossier_url(scene.dossier)))

    assert "Lê Văn Chấm" not in before
    assert "Lê Văn Chấm" in after
    assert '<td class="num">96</td>' in after


def test_other_judges_scores_show_once_scoring_is_closed(client):
    scene = scoring_scene()
    colleague = add_judge(scene, full_name="Lê Văn Chấm")
    _submit(scene, colleague, {"1.1": "29", "1.2": "29", "2.1": "19", "2.2": "19"})
    Dossier.objects.filter(pk=scene.dossier.pk).update(state=DossierState.SCORED)

    response = _login(client, scene.user).get(_dossier_url(scene.dossier))

    assert [sheet.member for sheet in response.context["others"]] == [colleague]


def test_conflicted_colleague_sheet_is_not_shown(client):
    scene = scoring_scene()
    colleague = add_judge(scene, full_name="Lê Văn Chấm")
    _submit(scene, colleague)
    Conflict.objects.create(member=colleague, dossier=scene.dossier, reason="x")
    Dossier.objects.filter(pk=scene.dossier.pk).update(state=DossierState.SCORED)

    response = _login(client, scene.user).get(_dossier_url(scene.dossier))

    assert response.context["others"] == []


# --- conflict declaration -----------------------------------------------------------------


def test_declaring_a_conflict_removes_the_dossier_from_my_list(client):
    scene = scoring_scene()
    other = add_dossier(scene)
    _login(client, scene.user)

    response = client.post(
        reverse("scoring:judge_conflict", args=[scene.dossier.pk]),
        {"reason": "Chủ cơ sở là em ruột tôi"},
        follow=True,
    )

    assert [row.dossier.pk for row in response.context["rows"]] == [other.pk]
    assert "Conflict of interest recorded" in _text(response)
    assert Conflict.objects.get(member=scene.judge).reason == "Chủ cơ sở là em ruột tôi"
    assert client.get(_dossier_url(scene.dossier)).status_code == 404


def test_declaring_a_conflict_without_a_reason_is_refused(client):
    scene = scoring_scene()

    response = _login(client, scene.user).post(
        reverse("scoring:judge_conflict", args=[scene.dossier.pk]), {"reason": " "}, follow=True
    )

    assert "Give the reason" in _text(response)
    assert not Conflict.objects.exists()
    assert Assignment.objects.filter(member=scene.judge).exists()


def test_declaring_a_conflict_on_someone_elses_dossier_is_404(client):
    scene = scoring_scene()

    response = _login(client, UserFactory()).post(
        reverse("scoring:judge_conflict", args=[scene.dossier.pk]), {"reason": "x"}
    )

    assert response.status_code == 404
    assert not Conflict.objects.exists()


def test_a_colleague_sees_only_their_own_sheet(client):
    scene = scoring_scene()
    colleague = add_judge(scene)
    _submit(scene, values={"1.1": "29.75", "1.2": "29", "2.1": "19", "2.2": "19"})

    response = _login(client, colleague.user).get(_dossier_url(scene.dossier))

    text = _text(response)
    assert response.context["sheet"] is None
    assert "29.75" not in text and "29,75" not in text
    assert f'name="{_field(scene.leaves()["1.1"])}" value=""' in text
