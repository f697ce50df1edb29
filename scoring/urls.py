from django.urls import path

app_name = "scoring"
urlpatterns = []

# Judge workspace and score sheets (SHEETS helper).
from scoring.views import judge as judge_views  # noqa: E402
from scoring.views import sheets as sheet_views  # noqa: E402

urlpatterns += [
    path("judge/", judge_views.judge_home, name="judge_home"),
    path("judge/rounds/<slug:code>/", judge_views.judge_round, name="judge_round"),
    path("judge/dossiers/<int:pk>/", judge_views.judge_dossier, name="judge_dossier"),
    path(
        "judge/dossiers/<int:pk>/sheet/check/",
        judge_views.judge_sheet_check,
        name="judge_sheet_check",
    ),
    path("judge/dossiers/<int:pk>/sheet/", judge_views.judge_sheet_save, name="judge_sheet_save"),
    path(
        "judge/dossiers/<int:pk>/sheet/submit/",
        judge_views.judge_sheet_submit,
        name="judge_sheet_submit",
    ),
    path("judge/dossiers/<int:pk>/conflict/", judge_views.judge_conflict, name="judge_conflict"),
    path("sheets/<int:pk>/history/", sheet_views.sheet_history, name="sheet_history"),
    path("sheets/<int:pk>/reopen/", sheet_views.sheet_reopen, name="sheet_reopen"),
]

# Councils, juries, admission list, assignments and conflicts (PANELS helper).
from scoring.views import panels as panel_views  # noqa: E402

urlpatterns += [
    path("rounds/<slug:code>/panels/", panel_views.panel_list, name="panels"),
    path("rounds/<slug:code>/panels/admission/", panel_views.admission, name="admission"),
    path("rounds/<slug:code>/panels/conflicts/", panel_views.conflicts, name="panel_conflicts"),
    path(
        "rounds/<slug:code>/panels/<int:panel_id>/", panel_views.panel_detail, name="panel_detail"
    ),
    path(
        "rounds/<slug:code>/panels/<int:panel_id>/members/add/",
        panel_views.member_add,
        name="panel_member_add",
    ),
    path(
        "rounds/<slug:code>/panels/<int:panel_id>/members/invite/",
        panel_views.member_invite,
        name="panel_member_invite",
    ),
    path(
        "rounds/<slug:code>/panels/<int:panel_id>/members/<int:member_id>/change/",
        panel_views.member_change,
        name="panel_member_change",
    ),
    path(
        "rounds/<slug:code>/panels/<int:panel_id>/members/<int:member_id>/remove/",
        panel_views.member_remove,
        name="panel_member_remove",
    ),
    path(
        "rounds/<slug:code>/panels/<int:panel_id>/assignments/",
        panel_views.panel_assignments,
        name="panel_assignments",
    ),
    path(
        "rounds/<slug:code>/panels/<int:panel_id>/assignments/<int:member_id>/",
        panel_views.member_assignments,
        name="member_assignments",
    ),
]
