import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from scoring.enums import SheetStatus
from scoring.models import ScoreSheet
from scoring.paper import HEADER_ROW, XLSX_CONTENT_TYPE
from scoring.views.paper import SESSION_KEY
from tests.factories import AgencyFactory, PanelMemberFactory, SecretaryFactory
from tests.scoring.factories_ballots import ballot_scene
from tests.scoring.factories_paper import filled_sheet as _filled
from tests.scoring.factories_paper import paper_row as _row
from tests.scoring.factories_sheets import add_dossier, add_judge, scoring_scene

pytestmark = pytest.mark.django_db
FIRST = HEADER_ROW + 1


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _urls(scene, member=None):
    member = member or scene.judge
    args = [scene.award_round.code, member.pk]
    return {
        "index": reverse("scoring:paper_index", args=[scene.award_round.code]),
        "member": reverse("scoring:paper_member", args=args),
        "export": reverse("scoring:paper_export", args=args),
        "preview": reverse("scoring:paper_preview", args=args),
        "confirm": reverse("scoring:paper_confirm", args=args),
    }


def _upload(data, name="phieu-cham.xlsx"):
    return SimpleUploadedFile(name, data, content_type=XLSX_CONTENT_TYPE)


def test_export_downloads_the_judges_sheet(client):
    scene = scoring_scene()
    client.force_login(scene.secretary)

    response = client.get(_urls(scene)["export"])

    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    assert sheet.cell(row=FIRST, column=1).value == scene.dossier.code
    assert sheet.cell(row=HEADER_ROW, column=3).value == "1.1 (max 30)"


def test_preview_then_confirm_submits_sheets_marked_as_entered_by_the_secretary(client):
    scene = scoring_scene()
    second = add_dossier(scene)
    urls = _urls(scene)
    client.force_login(scene.secretary)
    data = _filled(scene.judge, [_row(scene.dossier), _row(second)])

    preview = client.post(urls["preview"], {"file": _upload(data)})

    html = preview.content.decode()
    assert "2 sheets ready to submit" in html
    assert not ScoreSheet.objects.exists()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)

    response = client.post(urls["confirm"], {"token": token}, follow=True)

    sheets = list(ScoreSheet.objects.all())
    assert len(sheets) == 2
    assert all(
        s.status == SheetStatus.SUBMITTED and s.entered_by == scene.secretary for s in sheets
    )
    page = response.content.decode()
    assert "were saved and submitted" in page
    assert page.count("on behalf of the judge") == 2
    assert SESSION_KEY not in client.session


def test_preview_with_errors_lists_row_and_column_and_offers_no_confirm(client):
    scene = scoring_scene()
    row = _row(scene.dossier)
    row[2] = 99
    client.force_login(scene.secretary)

    response = client.post(_urls(scene)["preview"], {"file": _upload(_filled(scene.judge, [row]))})

    assert response.status_code == 422
    html = response.content.decode()
    cells = re.findall(r'<tr class="paper-error">(.*?)</tr>', html, flags=re.S)
    assert len(cells) == 1
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cells[0]))
    assert f" {FIRST} " in text and "C · 1.1 (max 30)" in text and "At most 30 points." in text
    assert 'name="token"' not in html
    assert SESSION_KEY not in client.session


def test_confirm_with_a_wrong_token_writes_nothing(client):
    scene = scoring_scene()
    urls = _urls(scene)
    client.force_login(scene.secretary)
    client.post(urls["preview"], {"file": _upload(_filled(scene.judge, [_row(scene.dossier)]))})

    response = client.post(urls["confirm"], {"token": "forged"}, follow=True)

    assert "upload the file again" in response.content.decode()
    assert not ScoreSheet.objects.exists()


def test_confirm_for_another_judge_with_the_stored_token_writes_nothing(client):
    scene = scoring_scene()
    other = add_judge(scene)
    client.force_login(scene.secretary)
    preview = client.post(
        _urls(scene)["preview"], {"file": _upload(_filled(scene.judge, [_row(scene.dossier)]))}
    )
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode()).group(1)

    client.post(_urls(scene, other)["confirm"], {"token": token})

    assert not ScoreSheet.objects.exists()


@pytest.mark.parametrize("name", ["index", "member", "export"])
def test_pages_for_another_agencys_secretariat_or_the_judge_give_404(client, name):
    scene = scoring_scene()
    url = _urls(scene)[name]

    client.force_login(SecretaryFactory(agency=AgencyFactory()))
    outsider = client.get(url)
    client.force_login(scene.user)
    judge = client.get(url)

    assert (outsider.status_code, judge.status_code) == (404, 404)


def test_upload_by_another_agencys_secretariat_gives_404_and_writes_nothing(client):
    scene = scoring_scene()
    client.force_login(SecretaryFactory(agency=AgencyFactory()))
    data = _filled(scene.judge, [_row(scene.dossier)])

    response = client.post(_urls(scene)["preview"], {"file": _upload(data)})

    assert response.status_code == 404
    assert SESSION_KEY not in client.session


def test_member_page_of_a_council_member_gives_404(client):
    scene = scoring_scene()
    council_member = ballot_scene().members[0]
    client.force_login(scene.secretary)

    response = client.get(
        reverse("scoring:paper_member", args=[scene.award_round.code, council_member.pk])
    )

    assert response.status_code == 404


def test_index_lists_judges_with_download_links_and_stable_query_count(client):
    small = scoring_scene()
    large = scoring_scene()
    for _ in range(3):
        add_judge(large)
    PanelMemberFactory(panel=large.jury)  # a judge without assignments

    client.force_login(small.secretary)
    with CaptureQueriesContext(connection) as few:
        client.get(_urls(small)["index"])
    client.force_login(large.secretary)
    with CaptureQueriesContext(connection) as many:
        response = client.get(_urls(large)["index"])

    html = response.content.decode()
    assert html.count("Download (.xlsx)") == 5
    assert _urls(large)["export"] in html
    assert len(few) == len(many)
