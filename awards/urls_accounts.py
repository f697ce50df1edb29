from django.urls import path

from awards.views import accounts

app_name = "accounts"
urlpatterns = [
    path("register/", accounts.register, name="register"),
    path("register/done/", accounts.register_done, name="register_done"),
    path("verify/resend/", accounts.verify_resend, name="verify_resend"),
    path("verify/<uidb64>/<token>/", accounts.verify, name="verify"),
    path("password/reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/done/",
        accounts.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/complete/",
        accounts.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("profile/", accounts.profile, name="profile"),
    path("profile/facilities/new/", accounts.facility_form, name="facility_create"),
    path("profile/facilities/<int:pk>/edit/", accounts.facility_form, name="facility_edit"),
    path("profile/artisans/new/", accounts.artisan_form, name="artisan_create"),
    path("profile/artisans/<int:pk>/edit/", accounts.artisan_form, name="artisan_edit"),
    path("communes/", accounts.communes, name="communes"),
    path("invite/new/", accounts.invite_new, name="invite_new"),
    path("invite/<uidb64>/<token>/", accounts.InviteAcceptView.as_view(), name="invite_accept"),
]
