import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.enums import DossierState, Level
from awards.models import Certificate, Decision
from tests.awards.factories_results import decided_round, scored_round
from tests.awards.readback import pdf_text, xlsx_text
from tests.factories import AgencyFactory, AwardRoundFactory, SecretaryFactory, UserFactory


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """These tests read the English source messages; the Vietnamese ones are tested elsewhere."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

S = DossierState
PRODUCTS = [("Bình gốm men lam", 91), ("Nón lá Gò Găng", 85), ("Mứt dừa", 80), ("Đũa tre", 60)]


def url(name, award_round, *args):
    return reverse(f"secretariat:{name}", args=[award_round.code, *args])


@pytest.mark.parametrize("who", ["outsider", "other_secretary", "judge"])
def test_results_pages_are_404_for_everyone_but_the_secretariat_and_chair(client, who):
    scene = scored_round(products=PRODUCTS)
    people = {
        "outsider": UserFactory(),
        "other_secretary": SecretaryFactory(agency=AgencyFactory()),
        "judge": scene.judges[0].user,
    }
    client.force_login(people[who])

    for name in ("results", "results_nominate", "results_plan"):
        assert client.get(url(name, scene.round)).status_code == 404
    response = client.post(url("results_prepare", scene.round))

    assert response.status_code == 404
    assert not scene.round.dossiers.exclude(state=S.SCORED).exists()
    assert not hasattr(scene.round, "result_list") or scene.round.result_list is None


def test_secretary_prepares_chair_approves_secretary_records_the_decision(client):
    scene = scored_round(products=PRODUCTS, code_prefix="SPDN")
    client.force_login(scene.secretary)
    client.post(url("results_prepare", scene.round))
    client.force_login(scene.chair)
    page = client.get(url("results", scene.round))
    assert "Bình gốm men lam" in page.content.decode()
    client.post(url("results_approve", scene.round))
    client.force_login(scene.secretary)

    response = client.post(
        url("results_decide", scene.round),
        {"number": "123/QĐ-UBND", "signed_on": "2025-12-15", "signer_name": "Võ Văn Phi"},
        follow=True,
    )

    assert Decision.objects.get().number == "123/QĐ-UBND"
    assert sorted(scene.round.dossiers.values_list("state", flat=True)) == sorted(
        [S.RECOGNISED, S.RECOGNISED, S.RECOGNISED, S.NOT_RECOGNISED]
    )
    assert "SPDN/2025/001" in response.content.decode()


def test_chair_cannot_record_the_decision(client):
    scene = scored_round(products=PRODUCTS)
    client.force_login(scene.chair)

    response = client.post(
        url("results_decide", scene.round),
        {"number": "1/QĐ", "signed_on": "2025-12-15", "signer_name": "X"},
    )

    assert response.status_code == 404
    assert not Decision.objects.exists()


def test_recording_the_decision_twice_shows_a_message_and_changes_nothing(client):
    scene = decided_round(products=PRODUCTS)
    client.force_login(scene.secretary)

    response = client.post(
        url("results_decide", scene.round),
        {"number": "999/QĐ", "signed_on": "2026-01-05", "signer_name": "Người khác"},
        follow=True,
    )

    assert "123/QĐ-UBND" in response.content.decode()
    assert list(Decision.objects.values_list("number", flat=True)) == ["123/QĐ-UBND"]
    assert Certificate.objects.count() == 3


def test_entry_exclusion_without_reason_is_refused_with_a_message(client):
    scene = scored_round(products=PRODUCTS)
    client.force_login(scene.secretary)
    client.post(url("results_prepare", scene.round))
    entry = scene.round.result_list.entries.get(position=1)

    response = client.post(
        url("results_entry", scene.round, entry.pk), {"included": "0"}, follow=True
    )

    entry.refresh_from_db()
    assert entry.included is True
    assert "reason" in response.content.decode()


def test_downloads_read_back(client):
    scene = decided_round(products=PRODUCTS, code_prefix="SPDN")
    client.force_login(scene.secretary)
    certificate = Certificate.objects.get(number="SPDN/2025/001")

    listing = client.get(url("results_download", scene.round, "result-list.xlsx"))
    pdf = client.get(url("results_certificate", scene.round, certificate.pk))
    summary = client.get(url("results_download", scene.round, "score-summary.pdf"))

    assert listing["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "SPDN/2025/001" in xlsx_text(listing.content)
    assert "Bình gốm men lam" in pdf_text(pdf.content)
    assert "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM" in pdf_text(summary.content)
    assert client.get(url("results_download", scene.round, "nothing.exe")).status_code == 404


def test_certificate_of_another_round_is_404(client):
    scene = decided_round(products=PRODUCTS, code_prefix="A1")
    other = decided_round(products=PRODUCTS, code_prefix="B2")
    client.force_login(scene.secretary)

    foreign = Certificate.objects.filter(decision=other.decision).first()

    assert client.get(url("results_certificate", scene.round, foreign.pk)).status_code == 404


def test_nominate_page_shows_the_quota_and_refuses_too_many(client):
    national = AwardRoundFactory(level=Level.NATIONAL, unit=None, code_prefix="QG")
    scene = decided_round(products=PRODUCTS, parent=national, quota=2)
    client.force_login(scene.secretary)
    recognised = scene.round.dossiers.filter(state=S.RECOGNISED).values_list("pk", flat=True)

    page = client.get(url("results_nominate", scene.round))
    refused = client.post(
        url("results_nominate", scene.round),
        {"dossiers": [str(pk) for pk in recognised]},
        follow=True,
    )

    assert "<strong>2</strong>" in page.content.decode()
    assert "The quota is 2 entries" in refused.content.decode()
    assert not national.dossiers.exists()
    client.post(
        url("results_nominate", scene.round), {"dossiers": [str(pk) for pk in recognised[:2]]}
    )
    assert national.dossiers.count() == 2


def test_plan_report_exports(client):
    scene = decided_round(products=PRODUCTS, target_count=2)
    client.force_login(scene.secretary)

    page = client.get(url("results_plan", scene.round), {"spent": "1.500.000"})
    export = client.get(url("results_plan", scene.round), {"spent": "1500000", "export": "xlsx"})

    assert "vượt chỉ tiêu 1 sản phẩm" in page.content.decode()
    assert "Kinh phí thực hiện: 1.500.000 đồng." in xlsx_text(export.content)


def test_lineage_block_on_review_and_portal_status_pages(client):
    national = AwardRoundFactory(
        level=Level.NATIONAL, unit=None, code_prefix="QG", name="Vòng quốc gia 2026"
    )
    scene = decided_round(products=PRODUCTS, parent=national)
    dossier = scene.round.dossiers.get(title="Mứt dừa")
    client.force_login(scene.secretary)
    client.post(url("results_nominate", scene.round), {"dossiers": [str(dossier.pk)]})

    review = client.get(reverse("secretariat:review", args=[dossier.pk])).content.decode()
    client.force_login(dossier.owner)
    status = client.get(reverse("followup:status", args=[dossier.pk])).content.decode()

    for html in (review, status):
        assert 'class="sec-section lineage"' in html
        assert "Vòng quốc gia 2026" in html
        assert "123/QĐ-UBND" in html


def test_results_page_queries_do_not_grow_with_entries(client):
    small = decided_round(products=PRODUCTS[:1], code_prefix="S1")
    large = decided_round(products=PRODUCTS * 3, code_prefix="L1")
    counts = []
    for scene in (small, large):
        client.force_login(scene.secretary)
        client.get(url("results", scene.round))
        with CaptureQueriesContext(connection) as queries:
            client.get(url("results", scene.round))
        counts.append(len(queries))

    assert counts[0] == counts[1]
