"""The public registry and consultation (mounted at /registry/, no login)."""

from django.urls import path

from awards.views import public

app_name = "registry"
urlpatterns = [
    path("", public.index, name="index"),
    path("<int:pk>/", public.detail, name="detail"),
    path("photos/<int:pk>/", public.photo, name="photo"),
    path("photos/<int:pk>/thumbnail/", public.photo_thumbnail, name="photo_thumbnail"),
    path("verify/", public.verify, name="verify"),
    path("verify/<str:token>/", public.verify_token, name="verify_token"),
    path("consultation/", public.consultation_index, name="consultation"),
    path("consultation/<slug:code>/", public.consultation_round, name="consultation_round"),
]
