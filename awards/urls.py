from django.contrib.auth import views as auth_views
from django.urls import include, path

from awards.views import auth, home

urlpatterns = [
    path("", home.landing, name="landing"),
    path("home/", home.home, name="home"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("awards.urls_accounts")),
    path("portal/", include("awards.urls_portal")),
    path("portal/", include("awards.urls_followup")),
    path("secretariat/", include("awards.urls_secretariat")),
    path("scoring/", include("scoring.urls")),
    path("registry/", include("awards.urls_public")),
]
