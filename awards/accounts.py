"""Applicant accounts: self-registration, e-mail verification, invitations and profiles.

Plain functions with keyword-only arguments, no ``request``: views parse input, check who
may act, and call these. E-mails leave only after the transaction commits, so a rolled-back
registration sends nothing.
"""

import functools
import logging
import re

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import access
from awards.enums import LOCAL_KINDS
from awards.errors import DomainError
from awards.mail import send_mail_from_template
from awards.models import AdminUnit, Facility, User
from awards.text import nfc

logger = logging.getLogger(__name__)

#: After verification, the registration's choice decides which profile form comes first.
PROFILE_FACILITY = "facility"
PROFILE_ARTISAN = "artisan"
PROFILE_KINDS = (
    (PROFILE_FACILITY, gettext_lazy("A facility (business, cooperative, household business)")),
    (PROFILE_ARTISAN, gettext_lazy("An artisan (a person)")),
)

PHONE_SEPARATORS = re.compile(r"[\s.]+")
# Mobile numbers have 10 digits; landlines 11, with the area code (02x or 02xx) first.
PHONE_PATTERN = re.compile(r"0\d{9}|02\d{9}")
REGISTRATION_NUMBER_PATTERN = re.compile(r"(\d{10})(?:-?(\d{3}))?")
IDENTITY_NUMBER_PATTERN = re.compile(r"\d{12}")

EMAIL_BACKEND_PATH = "awards.backends.EmailOrUsernameBackend"


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """Tokens for the "confirm your e-mail" link; useless for a password reset and back.

    The hash covers ``is_active`` (and, through the parent, ``last_login``), so a link
    works once: after activation and the first login it is spent.
    """

    key_salt = "awards.accounts.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


class InviteTokenGenerator(PasswordResetTokenGenerator):
    """Tokens for the invitation link; spent once the invitee has chosen a password."""

    key_salt = "awards.accounts.InviteTokenGenerator"


email_verification_token = EmailVerificationTokenGenerator()
invite_token = InviteTokenGenerator()


# --- small rules shared by forms and services -----------------------------------------------


def normalise_email(value):
    return (value or "").strip().lower()


def normalise_phone(value):
    """Return a Vietnamese phone number as digits only, or raise ValidationError."""
    digits = PHONE_SEPARATORS.sub("", value or "")
    if not PHONE_PATTERN.fullmatch(digits):
        raise ValidationError(
            _(
                "Enter a Vietnamese phone number: 10 digits starting with 0, for example "
                "0912 345 678 (a landline has 11 digits starting with 02)."
            ),
            code="invalid_phone",
        )
    return digits


def normalise_registration_number(value):
    """``3600123456`` or ``3600123456-001`` (a branch); spaces ignored, dash optional."""
    compact = re.sub(r"\s+", "", value or "")
    match = REGISTRATION_NUMBER_PATTERN.fullmatch(compact)
    if not match:
        raise ValidationError(
            _(
                "Enter the business registration or tax number: 10 digits, or 13 digits "
                "for a branch, for example 3600123456 or 3600123456-001."
            ),
            code="invalid_registration_number",
        )
    main, branch = match.groups()
    return f"{main}-{branch}" if branch else main


def registration_number_variants(number):
    """The stored spellings of one number (older rows may lack the dash)."""
    return {number, number.replace("-", "")}


def facility_with_registration_number(number, *, exclude_pk=None):
    facilities = Facility.objects.filter(
        registration_number__in=registration_number_variants(number)
    )
    if exclude_pk is not None:
        facilities = facilities.exclude(pk=exclude_pk)
    return facilities.first()


def normalise_identity_number(value):
    number = re.sub(r"\s+", "", value or "")
    if not IDENTITY_NUMBER_PATTERN.fullmatch(number):
        raise ValidationError(
            _("Enter the 12 digits of the citizen identity card (căn cước)."),
            code="invalid_identity_number",
        )
    return number


def email_taken(email):
    email = normalise_email(email)
    return User.objects.filter(
        models.Q(email__iexact=email) | models.Q(username__iexact=email)
    ).exists()


def duplicate_email_error():
    return ValidationError(
        _(
            "An account with this e-mail address already exists. Log in, or use "
            "“Forgot your password?” on the login page."
        ),
        code="duplicate_email",
    )


def may_invite_applicants(user):
    """Secretariat staff (any active agency membership) and the system administrator."""
    if not (user and user.is_authenticated):
        return False
    return access.is_sysadmin(user) or user.agency_memberships.filter(active=True).exists()


def current_provinces():
    return AdminUnit.objects.current().provinces()


def current_local_units():
    return AdminUnit.objects.current().filter(kind__in=LOCAL_KINDS)


def communes_of(province):
    """Current communes, wards and special zones of ``province``, in Vietnamese order."""
    if province is None:
        return AdminUnit.objects.none()
    return current_local_units().filter(parent=province).order_by("name_sort")


def user_from_uidb64(uidb64):
    try:
        pk = User._meta.pk.to_python(urlsafe_base64_decode(uidb64).decode())
        return User._default_manager.get(pk=pk)
    except (TypeError, ValueError, OverflowError, ValidationError, User.DoesNotExist):
        return None


def uidb64_of(user):
    return urlsafe_base64_encode(force_bytes(user.pk))


def absolute_url(path):
    return settings.SITE_URL.rstrip("/") + path


def _send(*, user, code, context):
    """Send one e-mail through ``awards.mail`` (editable template, outbox); a mail server
    failure is logged and recorded there, never shown as a crash."""
    send_mail_from_template(
        code=code,
        to=[user.email],
        context={"user": user, "recipient_name": user.display_name, "email": user.email, **context},
    )


# --- registration and verification ---------------------------------------------------------


def verification_link(user, *, profile_kind=""):
    path = reverse(
        "accounts:verify",
        kwargs={"uidb64": uidb64_of(user), "token": email_verification_token.make_token(user)},
    )
    if profile_kind in dict(PROFILE_KINDS):
        path += f"?profile={profile_kind}"
    return absolute_url(path)


def send_verification(*, user, profile_kind=""):
    _send(
        user=user,
        code="account_verification",
        context={
            "link": verification_link(user, profile_kind=profile_kind),
            "resend_link": absolute_url(reverse("accounts:verify_resend")),
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
        },
    )


def register_applicant(*, email, full_name, password, phone="", profile_kind=""):
    """Create an applicant account that waits for e-mail confirmation.

    1. Refuse an e-mail address that already has an account (in any letter case).
    2. Create the user, inactive, with the lower-cased e-mail as username.
    3. After commit, send the verification e-mail.
    """
    email = normalise_email(email)
    if email_taken(email):
        raise duplicate_email_error()
    user = User(username=email, email=email, full_name=nfc(full_name), phone=phone, is_active=False)
    user.set_password(password)
    with transaction.atomic():
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as error:  # the same address registered a moment ago
            raise duplicate_email_error() from error
        transaction.on_commit(
            functools.partial(send_verification, user=user, profile_kind=profile_kind)
        )
    logger.info("Applicant account %s registered, waiting for e-mail confirmation", user.pk)
    return user


def awaiting_verification(user):
    """Registered but never confirmed: inactive and never signed in (not a disabled account)."""
    return user is not None and not user.is_active and user.last_login is None


def verify_email(*, uidb64, token):
    """Activate the account behind a verification link; return it, or None when the link
    is wrong, expired or already used."""
    user = user_from_uidb64(uidb64)
    if not awaiting_verification(user) or not email_verification_token.check_token(user, token):
        return None
    user.is_active = True
    user.save(update_fields=["is_active"])
    logger.info("Applicant account %s confirmed its e-mail address", user.pk)
    return user


def resend_verification(*, email):
    """Send a new verification link when ``email`` belongs to an unconfirmed account.

    Says nothing either way, so the page cannot be used to find out who has an account.
    """
    email = normalise_email(email)
    for user in User.objects.filter(email__iexact=email, is_active=False, last_login__isnull=True):
        transaction.on_commit(functools.partial(send_verification, user=user))


# --- password reset -------------------------------------------------------------------------


def send_password_reset(*, user, uidb64, token):
    """The "choose a new password" e-mail for Django's reset token (outbox, editable text)."""
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
    _send(
        user=user,
        code="account_password_reset",
        context={
            "link": absolute_url(path),
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
        },
    )


# --- invitations ----------------------------------------------------------------------------


def invite_link(user):
    return absolute_url(
        reverse(
            "accounts:invite_accept",
            kwargs={"uidb64": uidb64_of(user), "token": invite_token.make_token(user)},
        )
    )


def send_invite(*, user, invited_by):
    _send(
        user=user,
        code="account_invite",
        context={
            "link": invite_link(user),
            "invited_by": invited_by,
            "inviter_name": invited_by.display_name,
            "password_reset_link": absolute_url(reverse("accounts:password_reset")),
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
        },
    )


def invite_applicant(*, email, full_name, phone="", invited_by):
    """Create an account for an applicant who cannot register alone.

    1. Check that ``invited_by`` works in a secretariat (or is the system administrator).
    2. Refuse an e-mail address that already has an account.
    3. Create the user, active, without a usable password.
    4. Log who invited whom; after commit, e-mail the invitee a link to choose a password.
    """
    if not may_invite_applicants(invited_by):
        raise DomainError(_("Only secretariat staff can invite applicants."))
    email = normalise_email(email)
    if email_taken(email):
        raise duplicate_email_error()
    user = User(username=email, email=email, full_name=nfc(full_name), phone=phone, is_active=True)
    user.set_unusable_password()
    with transaction.atomic():
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as error:
            raise duplicate_email_error() from error
        transaction.on_commit(functools.partial(send_invite, user=user, invited_by=invited_by))
    logger.info("Applicant account %s (%s) invited by user %s", user.pk, email, invited_by.pk)
    return user


# --- profiles -------------------------------------------------------------------------------


def _save_owned(instance, *, owner, duplicate_error):
    if instance.pk and instance.owner_id != owner.pk:
        raise DomainError(_("This profile belongs to another account."))
    instance.owner = owner
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise duplicate_error from error
    return instance


def registration_number_taken_error():
    return ValidationError(
        {
            "registration_number": _(
                "This registration number is already registered by another account. If it "
                "is your facility, contact the secretariat."
            )
        },
        code="duplicate_registration_number",
    )


def save_facility(*, facility, owner):
    """Create or update ``owner``'s facility profile.

    1. Refuse a facility that belongs to another account.
    2. Refuse a registration number that another facility already uses.
    3. Save (a unique constraint catches a number registered at the same moment).
    """
    if facility_with_registration_number(facility.registration_number, exclude_pk=facility.pk):
        raise registration_number_taken_error()
    return _save_owned(facility, owner=owner, duplicate_error=registration_number_taken_error())


def save_artisan(*, artisan, owner):
    """Create or update ``owner``'s artisan profile (refusing someone else's)."""
    return _save_owned(
        artisan, owner=owner, duplicate_error=DomainError(_("The profile could not be saved."))
    )
