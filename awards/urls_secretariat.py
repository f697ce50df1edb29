from django.urls import path

from awards.views.secretariat import intake, review

app_name = "secretariat"
urlpatterns = []

# intake and review (INTAKE helper)
urlpatterns += [
    path("", intake.landing, name="landing"),
    path("rounds/<slug:code>/dossiers/", intake.queue, name="intake"),
    path("rounds/<slug:code>/dossiers/export.xlsx", intake.export, name="intake_export"),
    path("dossiers/<int:pk>/", review.dossier, name="review"),
    path("dossiers/<int:pk>/verdicts/<int:requirement_pk>/", review.verdict, name="verdict"),
    path("dossiers/<int:pk>/return/", review.return_for_supplement, name="return"),
    path("dossiers/<int:pk>/accept/", review.accept, name="accept"),
    path("dossiers/<int:pk>/reject/", review.reject, name="reject"),
    path("dossiers/<int:pk>/disqualify/", review.disqualify, name="disqualify"),
    path("dossiers/<int:pk>/paper/", review.paper_received, name="paper"),
    path("requests/<int:pk>/print/", review.request_print, name="request_print"),
]

# bulk import and export of dossiers, import of administrative units (PANELS helper)
from awards.views.secretariat import imports  # noqa: E402

urlpatterns += [
    path("rounds/<slug:code>/import/", imports.dossier_import, name="import_dossiers"),
    path(
        "rounds/<slug:code>/import/confirm/",
        imports.dossier_import_confirm,
        name="import_dossiers_confirm",
    ),
    path(
        "rounds/<slug:code>/import/cancel/",
        imports.dossier_import_cancel,
        name="import_dossiers_cancel",
    ),
    path(
        "rounds/<slug:code>/import/template.xlsx",
        imports.dossier_template,
        name="import_dossiers_template",
    ),
    path(
        "rounds/<slug:code>/dossiers/bulk-export.xlsx",
        imports.dossier_export,
        name="export_dossiers",
    ),
    path("units/import/", imports.unit_import, name="import_units"),
    path("units/import/confirm/", imports.unit_import_confirm, name="import_units_confirm"),
    path("units/import/cancel/", imports.unit_import_cancel, name="import_units_cancel"),
    path("units/import/template.xlsx", imports.unit_template, name="import_units_template"),
]

# round control, progress board, outbox and e-mail templates (ROUND CONTROL helper)
from awards.views.secretariat import control, mail_templates, outbox  # noqa: E402

urlpatterns += [
    path("rounds/<slug:code>/control/", control.control, name="control"),
    path(
        "rounds/<slug:code>/control/registration/open/",
        control.open_registration,
        name="open_registration",
    ),
    path(
        "rounds/<slug:code>/control/registration/close/",
        control.close_registration,
        name="close_registration",
    ),
    path("rounds/<slug:code>/control/scoring/open/", control.open_scoring, name="open_scoring"),
    path(
        "rounds/<slug:code>/control/scoring/deadline/",
        control.scoring_deadline,
        name="scoring_deadline",
    ),
    path("rounds/<slug:code>/control/scoring/close/", control.close_scoring, name="close_scoring"),
    path("rounds/<slug:code>/progress/", control.progress, name="progress"),
    path("rounds/<slug:code>/progress/reminders/", control.send_reminders, name="send_reminders"),
    path("rounds/<slug:code>/outbox/", outbox.round_outbox, name="outbox"),
    path("outbox/", outbox.all_outbox, name="outbox_all"),
    path("mail-templates/", mail_templates.template_list, name="mail_templates"),
    path("mail-templates/<slug:code>/", mail_templates.template_edit, name="mail_template"),
]

# public consultation and statistics (PUBLIC helper)
from awards.views.secretariat import consultation, statistics  # noqa: E402

urlpatterns += [
    path("rounds/<slug:code>/consultation/", consultation.overview, name="consultation"),
    path(
        "rounds/<slug:code>/consultation/open/", consultation.open_window, name="consultation_open"
    ),
    path(
        "rounds/<slug:code>/consultation/voting/",
        consultation.open_voting,
        name="consultation_voting",
    ),
    path(
        "consultation/comments/<int:pk>/resolve/",
        consultation.resolve,
        name="consultation_resolve",
    ),
    path(
        "consultation/comments/<int:pk>/scan/",
        consultation.signed_scan,
        name="consultation_scan",
    ),
    path("statistics/", statistics.overview, name="statistics"),
]

# results, decision, certificates, nomination, plan report (DECISIONS helper)
from awards.views.secretariat import results  # noqa: E402

urlpatterns += [
    path("rounds/<slug:code>/results/", results.results, name="results"),
    path("rounds/<slug:code>/results/prepare/", results.prepare, name="results_prepare"),
    path("rounds/<slug:code>/results/entries/<int:pk>/", results.entry, name="results_entry"),
    path("rounds/<slug:code>/results/merge/", results.merge, name="results_merge"),
    path(
        "rounds/<slug:code>/results/entries/<int:pk>/unmerge/",
        results.unmerge,
        name="results_unmerge",
    ),
    path("rounds/<slug:code>/results/approve/", results.approve, name="results_approve"),
    path("rounds/<slug:code>/results/decision/", results.decide, name="results_decide"),
    path("rounds/<slug:code>/results/files/<str:name>", results.download, name="results_download"),
    path(
        "rounds/<slug:code>/results/certificates/<int:pk>.pdf",
        results.certificate,
        name="results_certificate",
    ),
    path("rounds/<slug:code>/results/nominate/", results.nominate, name="results_nominate"),
    path("rounds/<slug:code>/results/plan/", results.plan, name="results_plan"),
    path(
        "rounds/<slug:code>/results/dossiers/<int:pk>/revoke/",
        results.revoke,
        name="results_revoke",
    ),
]
