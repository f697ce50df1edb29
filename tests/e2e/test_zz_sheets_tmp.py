import pytest
from tests.scoring.factories_sheets import scoring_scene
from scoring.sheets import get_or_start_sheet, save_draft, submit_sheet, reopen_sheet

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

def test_tmp(page, live_server, shot):
    scene = scoring_scene()
    s = get_or_start_sheet(member=scene.judge, dossier=scene.dossier)
    save_draft(sheet=s, points=scene.full_points(), comment="Ổn", by=scene.user)
    submit_sheet(sheet=s, by=scene.user)
    reopen_sheet(sheet=s, by=scene.secretary, reason="Giám khảo cộng nhầm điểm nhóm 1, đề nghị chấm lại tiêu chí 1.1")
    save_draft(sheet=s, points=scene.points(**{"1.1": "28"}), comment="Ổn", by=scene.user)
    submit_sheet(sheet=s, by=scene.user)
    for u in (scene.secretary,):
        u.set_password("Mat-khau-123!"); u.save()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", scene.secretary.username)
    page.fill("input[name=password]", "Mat-khau-123!")
    page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/scoring/sheets/{s.pk}/history/")
    shot(page, "tmp-sheet-history")
    page.click("#reopen button")
    shot(page, "tmp-sheet-history-error")
