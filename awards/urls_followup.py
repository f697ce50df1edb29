"""Applicant follow-up pages, mounted under /portal/ next to the editor's URLs."""

from django.urls import path

from awards.views import followup

app_name = "followup"
urlpatterns = [
    path("dossiers/", followup.my_dossiers, name="my_dossiers"),
    path("dossiers/<int:pk>/status/", followup.status, name="status"),
    path("dossiers/<int:pk>/submit/", followup.submit, name="submit"),
    path("dossiers/<int:pk>/receipt/", followup.receipt, name="receipt"),
    path("dossiers/<int:pk>/receipt.pdf", followup.receipt_pdf, name="receipt_pdf"),
    path("dossiers/<int:pk>/withdraw/", followup.withdraw, name="withdraw"),
]
