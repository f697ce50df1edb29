"""Public consultation of artisan rounds: the window (calendar or working days), comments
from anyone, the secretariat's resolutions, and no vote before the window closes."""

import datetime
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from reportlab.pdfgen import canvas

from awards import consultation
from awards.enums import DossierState
from awards.errors import DomainError, TransitionRefused
from awards.models import AwardRound, ConsultationComment, Dossier, Holiday
from tests.awards.factories_intake import login
from tests.awards.factories_public import accepted_candidates, consultation_office
from tests.factories import AgencyFactory, AwardRoundFactory, SecretaryFactory, UserFactory

pytestmark = pytest.mark.django_db
S = DossierState


@pytest.fixture(autouse=True)
def _english(client):
    """Messages are checked in their English source form (pages and services alike)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def next_weekday(weekday, *, after=None):
    day = (after or timezone.localdate()) + datetime.timedelta(days=1)
    while day.weekday() != weekday:
        day += datetime.timedelta(days=1)
    return day


def states(award_round):
    return sorted(Dossier.objects.filter(award_round=award_round).values_list("state", flat=True))


def opened(award_round, secretary, *, opens=None, count=2):
    accepted_candidates(award_round, count)
    consultation.open_consultation(award_round=award_round, by=secretary, opens=opens)
    award_round.refresh_from_db()
    return award_round


def pdf_bytes():
    buffer = BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Ý kiến có chữ ký")
    page.showPage()
    page.save()
    return buffer.getvalue()


# --- the window -----------------------------------------------------------------------


def test_consultation_window_in_working_days_skips_weekend_and_holiday():
    award_round, secretary = consultation_office(day_kind="working", days=5)
    friday = next_weekday(4)
    holiday = friday + datetime.timedelta(days=4)  # the Tuesday after
    Holiday.objects.create(day=holiday, name="Ngày lễ thử")

    opened(award_round, secretary, opens=friday)

    # Fri (1), Mon (2), Tue holiday, Wed (3), Thu (4), Fri (5)
    assert award_round.consultation_opens == friday
    assert award_round.consultation_closes == friday + datetime.timedelta(days=7)
    assert award_round.consultation_closes.weekday() == 4


def test_consultation_window_opening_on_saturday_starts_on_monday():
    award_round, secretary = consultation_office(day_kind="working", days=3)
    saturday = next_weekday(5)

    opened(award_round, secretary, opens=saturday)

    assert award_round.consultation_closes == saturday + datetime.timedelta(days=4)  # Wed


def test_consultation_window_in_calendar_days_counts_every_day():
    award_round, secretary = consultation_office(day_kind="calendar", days=15)
    today = timezone.localdate()

    opened(award_round, secretary, opens=today)

    assert award_round.consultation_closes == today + datetime.timedelta(days=14)


# --- opening ----------------------------------------------------------------------------


def test_open_consultation_publishes_every_accepted_dossier():
    award_round, secretary = consultation_office()
    accepted_candidates(award_round, 3)

    count = consultation.open_consultation(award_round=award_round, by=secretary)

    assert count == 3
    assert states(award_round) == [S.IN_CONSULTATION] * 3
    assert Dossier.objects.filter(award_round=award_round).first().transitions.get().by == secretary


def test_open_consultation_twice_is_refused_and_changes_nothing():
    award_round, secretary = consultation_office()
    opened(award_round, secretary)
    accepted_candidates(award_round, 1)

    with pytest.raises(DomainError, match="already opened"):
        consultation.open_consultation(award_round=award_round, by=secretary)

    assert states(award_round).count(S.ACCEPTED) == 1


def test_open_consultation_of_product_round_is_refused():
    award_round = AwardRoundFactory()
    secretary = SecretaryFactory(agency=award_round.organiser)

    with pytest.raises(DomainError, match="only for artisan rounds"):
        consultation.open_consultation(award_round=award_round, by=secretary)

    award_round.refresh_from_db()
    assert award_round.consultation_opens is None


def test_open_consultation_by_outsider_leaves_nothing_half_written():
    award_round, _secretary = consultation_office()
    accepted_candidates(award_round, 2)

    with pytest.raises(TransitionRefused):
        consultation.open_consultation(award_round=award_round, by=UserFactory())

    award_round.refresh_from_db()
    assert award_round.consultation_opens is None
    assert states(award_round) == [S.ACCEPTED] * 2


# --- voting only after the window -------------------------------------------------------


def test_voting_cannot_start_before_the_window_closes():
    award_round, secretary = consultation_office(day_kind="calendar", days=15)
    opened(award_round, secretary)
    closes = award_round.consultation_closes.strftime("%d/%m/%Y")

    with pytest.raises(TransitionRefused) as refusal:
        consultation.open_voting(award_round=award_round, by=secretary)

    assert f"The public consultation runs until {closes}; the vote can start after it." in str(
        refusal.value
    )
    assert states(award_round) == [S.IN_CONSULTATION] * 2


def test_voting_starts_once_the_window_closed():
    award_round, secretary = consultation_office()
    opened(award_round, secretary)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    AwardRound.objects.filter(pk=award_round.pk).update(consultation_closes=yesterday)
    award_round.refresh_from_db()

    count = consultation.open_voting(award_round=award_round, by=secretary)

    assert count == 2
    assert states(award_round) == [S.VOTING] * 2


def test_secretariat_page_shows_the_voting_refusal(client):
    award_round, secretary = consultation_office(day_kind="calendar", days=15)
    opened(award_round, secretary)
    login(client, secretary)

    response = client.post(
        reverse("secretariat:consultation_voting", args=[award_round.code]), follow=True
    )

    assert "the vote can start after it" in response.content.decode()
    assert states(award_round) == [S.IN_CONSULTATION] * 2


# --- public comments ----------------------------------------------------------------------


def comment_url(award_round):
    return reverse("registry:consultation_round", args=[award_round.code])


def comment_data(**overrides):
    data = {
        "name": "Phạm Văn Dân",
        "phone": "0251 3822 123",
        "address": "12 Đường 30/4, phường Trấn Biên, Đồng Nai",
        "content": "Tôi xác nhận ông Bình dạy nghề cho nhiều người trong xã.",
    }
    data.update(overrides)
    return data


def test_public_comment_is_recorded_without_login(client):
    award_round, secretary = consultation_office()
    opened(award_round, secretary)
    candidate = Dossier.objects.filter(award_round=award_round).first()

    response = client.post(
        comment_url(award_round), comment_data(dossier=candidate.pk), follow=True
    )

    comment = ConsultationComment.objects.get()
    assert comment.dossier == candidate
    assert comment.address == "12 Đường 30/4, phường Trấn Biên, Đồng Nai"
    assert "Your comment was received" in response.content.decode()


def test_public_page_lists_candidates_and_hides_comments(client):
    award_round, secretary = consultation_office()
    opened(award_round, secretary)
    ConsultationComment.objects.create(
        award_round=award_round, name="Người Bí Mật", phone="0900000000", address="x", content="y"
    )

    html = client.get(comment_url(award_round)).content.decode()

    for dossier in Dossier.objects.filter(award_round=award_round):
        assert dossier.artisan.full_name in html
    assert "Người Bí Mật" not in html


def test_public_comment_of_five_megabytes_is_refused_with_a_clear_message(client):
    award_round, secretary = consultation_office()
    opened(award_round, secretary)

    response = client.post(comment_url(award_round), comment_data(content="a" * 5_000_000))

    assert response.status_code == 400
    assert "A comment may be at most 10,000 characters long; yours has 5,000,000" in (
        response.content.decode()
    )
    assert ConsultationComment.objects.count() == 0


def test_public_comment_larger_than_the_request_limit_is_refused_with_a_clear_message(client):
    award_round, secretary = consultation_office()
    opened(award_round, secretary)

    response = client.post(comment_url(award_round), comment_data(content="ả" * 3_000_000))

    assert response.status_code == 413
    assert "too large (more than 5 MB)" in response.content.decode()
    assert ConsultationComment.objects.count() == 0


def test_public_comment_with_script_tag_is_stored_as_typed_and_shown_escaped(client):
    award_round, secretary = consultation_office()
    opened(award_round, secretary)
    typed = 'Xem <script>alert("x")</script> & <b>đậm</b>'

    client.post(comment_url(award_round), comment_data(content=typed, name="<i>Tên</i>"))
    login(client, secretary)
    html = client.get(reverse("secretariat:consultation", args=[award_round.code])).content.decode()

    assert ConsultationComment.objects.get().content == typed
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert "&lt;i&gt;Tên&lt;/i&gt;" in html


def test_public_comment_with_signed_scan_keeps_the_checked_file(client):
    award_round, secretary = consultation_office()
    opened(award_round, secretary)
    scan = SimpleUploadedFile("y-kien.pdf", pdf_bytes(), content_type="application/pdf")

    client.post(comment_url(award_round), {**comment_data(), "signed_scan": scan})
    comment = ConsultationComment.objects.get()
    login(client, secretary)
    download = client.get(reverse("secretariat:consultation_scan", args=[comment.pk]))
    body = b"".join(download.streaming_content)
    download.close()

    assert body.startswith(b"%PDF")
    assert download["Content-Type"] == "application/pdf"


def test_public_comment_with_fake_scan_is_refused(client):
    award_round, secretary = consultation_office()
    opened(award_round, secretary)
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    response = client.post(comment_url(award_round), {**comment_data(), "signed_scan": fake})

    assert response.status_code == 400
    assert "not accepted" in response.content.decode()
    assert ConsultationComment.objects.count() == 0


def test_public_comment_needs_name_phone_and_address(client):
    award_round, secretary = consultation_office()
    opened(award_round, secretary)

    response = client.post(
        comment_url(award_round), comment_data(name=" ", phone="abc", address="")
    )
    form = response.context["form"]

    assert set(form.errors) >= {"name", "phone", "address"}
    assert ConsultationComment.objects.count() == 0


def test_public_comment_after_the_window_is_refused():
    award_round, secretary = consultation_office()
    opened(award_round, secretary)
    AwardRound.objects.filter(pk=award_round.pk).update(
        consultation_closes=timezone.localdate() - datetime.timedelta(days=1)
    )
    award_round.refresh_from_db()

    with pytest.raises(ValidationError, match="not open"):
        consultation.submit_comment(award_round=award_round, **comment_data())

    assert ConsultationComment.objects.count() == 0


def test_public_comment_about_a_candidate_of_another_round_is_refused():
    award_round, secretary = consultation_office()
    opened(award_round, secretary)
    other_round, other_secretary = consultation_office()
    opened(other_round, other_secretary)
    stranger = Dossier.objects.filter(award_round=other_round).first()

    with pytest.raises(ValidationError) as error:
        consultation.submit_comment(award_round=award_round, dossier=stranger, **comment_data())

    assert "dossier" in error.value.message_dict


def test_public_consultation_index_lists_open_rounds_only(client):
    award_round, secretary = consultation_office()
    opened(award_round, secretary)
    closed_round, _other = consultation_office()
    accepted_candidates(closed_round, 1)

    html = client.get(reverse("registry:consultation")).content.decode()

    assert award_round.name in html
    assert closed_round.name not in html


# --- the secretariat's side -------------------------------------------------------------


def test_secretariat_opens_consultation_from_its_page(client):
    award_round, secretary = consultation_office()
    accepted_candidates(award_round, 2)
    login(client, secretary)

    client.post(
        reverse("secretariat:consultation_open", args=[award_round.code]),
        {"opens": timezone.localdate().isoformat()},
    )

    assert states(award_round) == [S.IN_CONSULTATION] * 2


def test_secretariat_records_the_resolution_of_a_comment(client):
    award_round, secretary = consultation_office()
    opened(award_round, secretary)
    comment = consultation.submit_comment(award_round=award_round, **comment_data())
    login(client, secretary)

    response = client.post(
        reverse("secretariat:consultation_resolve", args=[comment.pk]),
        {
            f"c{comment.pk}-resolution": "Đã xác minh với UBND xã: đúng sự thật.",
            f"c{comment.pk}-seen": "",
        },
        follow=True,
    )

    comment.refresh_from_db()
    assert comment.resolution == "Đã xác minh với UBND xã: đúng sự thật."
    assert comment.resolved_by == secretary
    assert "Đã xác minh với UBND xã" in response.content.decode()


def test_resolution_recorded_meanwhile_by_someone_else_is_not_overwritten():
    award_round, secretary = consultation_office()
    opened(award_round, secretary)
    comment = consultation.submit_comment(award_round=award_round, **comment_data())
    consultation.resolve_comment(comment=comment, resolution="Lần đầu", by=secretary, seen="")

    with pytest.raises(DomainError, match="Someone else"):
        consultation.resolve_comment(comment=comment, resolution="Lần hai", by=secretary, seen="")

    comment.refresh_from_db()
    assert comment.resolution == "Lần đầu"


def test_secretariat_consultation_pages_are_404_for_others(client):
    award_round, secretary = consultation_office()
    opened(award_round, secretary)
    comment = consultation.submit_comment(award_round=award_round, **comment_data())
    other_secretary = SecretaryFactory(agency=AgencyFactory())
    urls = [
        reverse("secretariat:consultation", args=[award_round.code]),
        reverse("secretariat:consultation_scan", args=[comment.pk]),
    ]

    for person in (other_secretary, UserFactory()):
        login(client, person)
        for url in urls:
            assert client.get(url).status_code == 404
        response = client.post(
            reverse("secretariat:consultation_resolve", args=[comment.pk]),
            {f"c{comment.pk}-resolution": "x"},
        )
        assert response.status_code == 404
    comment.refresh_from_db()
    assert comment.resolution == ""
