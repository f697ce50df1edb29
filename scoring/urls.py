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

# Secret ballots and paper score sheets (BALLOTS helper).
from scoring.views import ballots as ballot_views  # noqa: E402
from scoring.views import paper as paper_views  # noqa: E402

urlpatterns += [
    path("ballots/", ballot_views.my_ballots, name="my_ballots"),
    path("ballots/<int:pk>/", ballot_views.ballot_vote, name="ballot_vote"),
    path("ballots/<int:pk>/progress/", ballot_views.ballot_progress, name="ballot_progress"),
    path("ballots/<int:pk>/close/", ballot_views.ballot_close, name="ballot_close"),
    path("ballots/<int:pk>/tally/", ballot_views.ballot_tally, name="ballot_tally"),
    path("ballots/<int:pk>/record/", ballot_views.ballot_record, name="ballot_record"),
    path("rounds/<slug:code>/ballots/", ballot_views.ballot_index, name="ballot_index"),
    path(
        "rounds/<slug:code>/ballots/<int:panel_id>/open/",
        ballot_views.ballot_open,
        name="ballot_open",
    ),
    path("rounds/<slug:code>/paper/", paper_views.paper_index, name="paper_index"),
    path(
        "rounds/<slug:code>/paper/<int:member_id>/", paper_views.paper_member, name="paper_member"
    ),
    path(
        "rounds/<slug:code>/paper/<int:member_id>/sheet.xlsx",
        paper_views.paper_export,
        name="paper_export",
    ),
    path(
        "rounds/<slug:code>/paper/<int:member_id>/preview/",
        paper_views.paper_preview,
        name="paper_preview",
    ),
    path(
        "rounds/<slug:code>/paper/<int:member_id>/confirm/",
        paper_views.paper_confirm,
        name="paper_confirm",
    ),
]

# Ranking, calibration and closing of scoring (RESULTS helper).
from scoring.views import results as result_views  # noqa: E402

urlpatterns += [
    path("rounds/<slug:code>/ranking/", result_views.ranking, name="results_ranking"),
    path("rounds/<slug:code>/ranking/<int:pk>/", result_views.dossier, name="results_dossier"),
    path("rounds/<slug:code>/calibration/", result_views.calibration, name="results_calibration"),
    path("rounds/<slug:code>/close-scoring/", result_views.close, name="results_close"),
]
