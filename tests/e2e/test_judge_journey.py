"""A judge on a phone (390 × 844) scores a dossier and submits the sheet.

Signs in through the login form (django-axes on), opens the assigned dossier, fills every
criterion while the live total follows (htmx), submits through the confirmation and sees the
locked sheet. Screenshots: test-artifacts/judge-*.png.
"""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from scoring.enums import SheetStatus
from scoring.models import ScoreSheet
from tests.e2e.conftest import ARTIFACTS
from tests.scoring.factories_sheets import add_dossier, scoring_scene

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Giam-khao-2026!"
POINTS = {"1.1": "27,5", "1.2": "24", "2.1": "17.25", "2.2": "15"}


@pytest.fixture
def scene():
    scene = scoring_scene()
    user = scene.user
    user.username = "giamkhao"
    user.full_name = "Phạm Thị Giám Khảo"
    user.set_password(PASSWORD)
    user.save()
    scene.dossier.title = "Bình gốm men lam Biên Hòa"
    scene.dossier.save()
    add_dossier(scene, title="Nón lá bài thơ")
    return scene


def test_judge_scores_and_submits_on_a_phone(page, live_server, shot, scene):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/login/?next=/scoring/judge/")
    page.fill("input[name=username]", "giamkhao")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(r"/scoring/judge/$"))
    shot(page, "judge-home")

    page.click(f"text={scene.award_round.name}")
    expect(page.locator(".judge-progress__label").first).to_contain_text("0")
    page.click("text=Bình gốm men lam Biên Hòa")
    expect(page.locator("h1")).to_have_text("Bình gốm men lam Biên Hòa")

    leaves = scene.leaves()
    total = page.locator("#sheet-total-value")
    expect(total).to_have_text("0")
    for code, value in POINTS.items():
        field = page.locator(f"#id_points-{leaves[code].pk}")
        field.click()
        field.press_sequentially(value.replace(",", "."), delay=20)
    # 27.5 + 24 + 17.25 + 15 = 83.75, shown with the Vietnamese decimal comma.
    expect(total).to_have_text("83,75")
    group_one = leaves["1.1"].parent
    expect(page.locator(f"#group-{group_one.pk}-subtotal strong")).to_have_text("51,50")

    # A value above the maximum is flagged at once, and the total shows the problem.
    over = page.locator(f"#id_points-{leaves['2.2'].pk}")
    over.fill("25")
    expect(page.locator(f"#line-{leaves['2.2'].pk}-msg")).not_to_be_empty()
    expect(page.locator("#sheet-total")).to_have_class(re.compile("has-errors"))
    over.scroll_into_view_if_needed()
    # The visible screen only: the sticky total and buttons sit at the bottom, as on a phone.
    page.screenshot(path=str(ARTIFACTS / "judge-sheet-error.png"))
    over.fill("15")
    expect(page.locator(f"#line-{leaves['2.2'].pk}-msg")).to_be_empty()
    expect(total).to_have_text("83,75")
    page.fill("#id_comment", "Sản phẩm đẹp, men đều.")
    page.locator("#sheet-form").scroll_into_view_if_needed()
    shot(page, "judge-sheet-filled")

    page.click("button[value=submit]")
    expect(page.locator("h1")).to_contain_text("?")
    shot(page, "judge-submit-confirm")
    page.click(".judge-confirm button[type=submit]")

    expect(page.locator(".judge-locked")).to_be_visible()
    expect(page.locator("#sheet input[type=number]")).to_have_count(0)
    shot(page, "judge-sheet-submitted")
    sheet = ScoreSheet.objects.get(member=scene.judge, dossier=scene.dossier)
    assert sheet.status == SheetStatus.SUBMITTED
    assert sheet.total == Decimal("83.75")
    assert sheet.comment == "Sản phẩm đẹp, men đều."

    page.click(f".judge-crumbs >> text={scene.award_round.name}")
    expect(page.locator(".judge-progress__label")).to_contain_text("1")
    shot(page, "judge-round-progress")
