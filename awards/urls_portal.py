"""The applicant portal (mounted at /portal/): rounds, the dossier editor, private files.

The follow-up pages (submit, receipt, status, withdraw) live in ``awards.urls_followup``
under the same prefix with their own paths.
"""

from django.urls import path

from awards.views import files, portal, portal_uploads

app_name = "portal"
urlpatterns = [
    path("rounds/", portal.rounds, name="rounds"),
    path("rounds/<slug:code>/start/", portal.start, name="start"),
    path("dossiers/<int:pk>/", portal.dossier_home, name="dossier"),
    path("dossiers/<int:pk>/facts/", portal.facts, name="facts"),
    path("dossiers/<int:pk>/documents/", portal_uploads.documents, name="documents"),
    path(
        "dossiers/<int:pk>/documents/<int:requirement_pk>/upload/",
        portal_uploads.document_upload,
        name="document_upload",
    ),
    path(
        "dossiers/<int:pk>/files/<int:document_pk>/remove/",
        portal_uploads.document_remove,
        name="document_remove",
    ),
    path("dossiers/<int:pk>/photos/", portal_uploads.photos, name="photos"),
    path("dossiers/<int:pk>/photos/upload/", portal_uploads.photo_upload, name="photo_upload"),
    path(
        "dossiers/<int:pk>/photos/<int:photo_pk>/edit/",
        portal_uploads.photo_update,
        name="photo_update",
    ),
    path(
        "dossiers/<int:pk>/photos/<int:photo_pk>/move/",
        portal_uploads.photo_move,
        name="photo_move",
    ),
    path(
        "dossiers/<int:pk>/photos/<int:photo_pk>/delete/",
        portal_uploads.photo_delete,
        name="photo_delete",
    ),
    path("dossiers/<int:pk>/declarations/", portal.declarations, name="declarations"),
    path("dossiers/<int:pk>/review/", portal.review, name="review"),
    path("files/documents/<int:pk>/", files.document_file, name="document_file"),
    path("files/photos/<int:pk>/", files.photo_file, name="photo_file"),
    path("files/photos/<int:pk>/thumb/", files.photo_thumbnail, name="photo_thumb"),
]
