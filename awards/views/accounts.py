"""Applicant accounts: registration, e-mail confirmation, password reset, profiles, invites.

Thin views: parse the form, check who may act, call ``awards.accounts``, render.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from awards import accounts, throttle
from awards.errors import DomainError
from awards.forms.accounts import (
    ApplicantPasswordResetForm,
    ArtisanForm,
    FacilityForm,
    InviteForm,
    RegistrationForm,
    ResendVerificationForm,
    unbound_copy,
)
from awards.models import AdminUnit, Artisan, Facility

REGISTERED_EMAIL_SESSION_KEY = "accounts_registered_email"
#: The submit button of the "no JavaScript" commune refresh in the profile forms.
REFRESH_UNITS = "refresh_units"

PROFILE_STEP = {
    accounts.PROFILE_FACILITY: "accounts:facility_create",
    accounts.PROFILE_ARTISAN: "accounts:artisan_create",
}


def add_service_errors(form, error):
    """Show a service's refusal on the form (field errors where the service named a field)."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))


# --- registration and e-mail confirmation ---------------------------------------------------


def register(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not throttle.registration_allowed(request=request):
            form.add_error(
                None,
                _(
                    "Too many accounts were opened from this connection in the last hour. "
                    "Please try again later; nothing was saved."
                ),
            )
            return render(request, "accounts/register.html", {"form": form}, status=429)
        data = form.cleaned_data
        try:
            user = accounts.register_applicant(
                email=data["email"],
                full_name=data["full_name"],
                password=data["password1"],
                phone=data["phone"],
                profile_kind=data["profile_kind"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[REGISTERED_EMAIL_SESSION_KEY] = user.email
            return redirect("accounts:register_done")
    return render(request, "accounts/register.html", {"form": form})


def register_done(request):
    email = request.session.get(REGISTERED_EMAIL_SESSION_KEY, "")
    return render(request, "accounts/register_done.html", {"email": email})


def verify(request, uidb64, token):
    user = accounts.verify_email(uidb64=uidb64, token=token)
    if user is None:
        known = accounts.user_from_uidb64(uidb64)
        already_active = known is not None and known.is_active
        return render(
            request, "accounts/verify_failed.html", {"already_active": already_active}, status=400
        )
    login(request, user, backend=accounts.EMAIL_BACKEND_PATH)
    messages.success(request, _("Thank you, your e-mail address is confirmed."))
    step = PROFILE_STEP.get(request.GET.get("profile", ""), "accounts:profile")
    return redirect(step)


def verify_resend(request):
    form = ResendVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if throttle.mail_allowed(email=email, request=request, purpose="account_verification"):
            accounts.resend_verification(email=email)
        return render(request, "accounts/register_done.html", {"resent": True})
    return render(request, "accounts/verify_resend.html", {"form": form})


# --- password reset (Django's views, VinhDanh's templates and wording) ----------------------


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ApplicantPasswordResetForm
    template_name = "registration/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")
    title = gettext_lazy("Forgot your password?")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"
    title = gettext_lazy("Check your mailbox")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    title = gettext_lazy("Choose a new password")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"
    title = gettext_lazy("Password changed")


# --- invitations ----------------------------------------------------------------------------


@login_required
def invite_new(request):
    if not accounts.may_invite_applicants(request.user):
        raise Http404
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = accounts.invite_applicant(
                email=data["email"],
                full_name=data["full_name"],
                phone=data["phone"],
                invited_by=request.user,
            )
        except (ValidationError, DomainError) as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The invitation was sent to %(email)s.") % {"email": user.email},
            )
            return redirect("accounts:invite_new")
    return render(request, "accounts/invite_new.html", {"form": form})


class InviteAcceptView(auth_views.PasswordResetConfirmView):
    """The invitee chooses a password, is logged in and lands on the profile page."""

    template_name = "accounts/invite_accept.html"
    token_generator = accounts.invite_token
    post_reset_login = True
    post_reset_login_backend = accounts.EMAIL_BACKEND_PATH
    success_url = reverse_lazy("accounts:profile")
    title = gettext_lazy("Choose your password")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request, _("Your password is saved. Now add your facility or artisan profile.")
        )
        return response


# --- profiles -------------------------------------------------------------------------------


@login_required
def profile(request):
    context = {
        "facilities": Facility.objects.filter(owner=request.user).select_related("unit__parent"),
        "artisans": Artisan.objects.filter(owner=request.user).select_related("unit__parent"),
        "may_invite": accounts.may_invite_applicants(request.user),
    }
    return render(request, "accounts/profile.html", context)


def _profile_form(request, *, form_class, instance, save, template, saved_message):
    kwargs = {"instance": instance, "owner": request.user}
    if request.method == "POST" and REFRESH_UNITS in request.POST:
        form = unbound_copy(form_class, request.POST, **kwargs)
    elif request.method == "POST":
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            try:
                saved = save(form.instance, owner=request.user)
            except (ValidationError, DomainError) as error:
                add_service_errors(form, error)
            else:
                messages.success(request, saved_message % {"name": str(saved)})
                return redirect("accounts:profile")
    else:
        form = form_class(**kwargs)
    context = {"form": form, "object": instance if instance.pk else None}
    return render(request, template, context)


def _save_facility(facility, *, owner):
    return accounts.save_facility(facility=facility, owner=owner)


def _save_artisan(artisan, *, owner):
    return accounts.save_artisan(artisan=artisan, owner=owner)


@login_required
def facility_form(request, pk=None):
    facility = (
        get_object_or_404(Facility.objects.filter(owner=request.user), pk=pk)
        if pk is not None
        else Facility()
    )
    return _profile_form(
        request,
        form_class=FacilityForm,
        instance=facility,
        save=_save_facility,
        template="accounts/facility_form.html",
        saved_message=_("The facility profile “%(name)s” is saved."),
    )


@login_required
def artisan_form(request, pk=None):
    artisan = (
        get_object_or_404(Artisan.objects.filter(owner=request.user), pk=pk)
        if pk is not None
        else Artisan()
    )
    return _profile_form(
        request,
        form_class=ArtisanForm,
        instance=artisan,
        save=_save_artisan,
        template="accounts/artisan_form.html",
        saved_message=_("The artisan profile “%(name)s” is saved."),
    )


@require_GET
@login_required
def communes(request):
    """``<option>``s of the chosen province's current communes (htmx, profile forms)."""
    province = None
    raw = request.GET.get("province", "")
    if raw.isdigit():
        province = accounts.current_provinces().filter(pk=int(raw)).first()
    units = accounts.communes_of(province) if province else AdminUnit.objects.none()
    return render(request, "accounts/_commune_options.html", {"units": units})
