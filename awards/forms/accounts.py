"""Forms for applicant accounts: registration, verification, invitations and profiles."""

from django import forms
from django.contrib.auth.forms import PasswordResetForm, SetPasswordMixin
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards import accounts, throttle
from awards.models import Artisan, Facility, User
from awards.text import nfc

EMAIL_MAX_LENGTH = 150  # the e-mail doubles as the username (150 characters at most)


class TelInput(forms.TextInput):
    input_type = "tel"


class NumberInput(forms.NumberInput):
    """A number field that brings up the digit keypad on phones."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", **(attrs or {})})


class PhoneField(forms.CharField):
    """A Vietnamese phone number: 10 digits starting with 0; spaces and dots are ignored."""

    widget = TelInput

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Phone number"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", _("For example 0912 345 678."))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "tel", "autocomplete": "tel"}

    def clean(self, value):
        value = super().clean(value)
        return accounts.normalise_phone(value) if value else ""


def email_field(**kwargs):
    return forms.EmailField(
        label=kwargs.pop("label", _("E-mail address")),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none"}),
        **kwargs,
    )


def clean_new_account_email(value):
    email = accounts.normalise_email(value)
    if accounts.email_taken(email):
        raise accounts.duplicate_email_error()
    return email


# --- registration, verification, password reset ---------------------------------------------


class RegistrationForm(SetPasswordMixin, forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = email_field(help_text=_("You will log in with this address. We send a link to it."))
    phone = PhoneField(required=False)
    profile_kind = forms.ChoiceField(
        label=_("I register as"),
        choices=accounts.PROFILE_KINDS,
        widget=forms.RadioSelect,
        initial=accounts.PROFILE_FACILITY,
    )
    password1, password2 = SetPasswordMixin.create_password_fields()

    def clean_full_name(self):
        return nfc(self.cleaned_data["full_name"])

    def clean_email(self):
        return clean_new_account_email(self.cleaned_data["email"])

    def clean(self):
        self.validate_passwords()
        candidate = User(
            username=self.cleaned_data.get("email", ""),
            email=self.cleaned_data.get("email", ""),
            full_name=self.cleaned_data.get("full_name", ""),
        )
        self.validate_password_for_user(candidate)
        return super().clean()


class ResendVerificationForm(forms.Form):
    email = email_field(label=_("The e-mail address you registered with"))


class ApplicantPasswordResetForm(PasswordResetForm):
    """Django's reset form, also for invited applicants who never chose a password.

    An address that registered but was never confirmed gets a new confirmation link
    instead; the page says the same in every case.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        self.fields["email"].widget.attrs["autocapitalize"] = "none"

    def get_users(self, email):
        users = User._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if user.email.casefold() == email.casefold())

    def save(self, **kwargs):
        """Send the reset (or confirmation) e-mail unless too many were asked for this address
        or from this client lately (``awards.throttle``); the page says the same either way."""
        email = self.cleaned_data["email"]
        request = kwargs.get("request")
        if not throttle.mail_allowed(email=email, request=request, purpose="password_reset"):
            return
        super().save(**kwargs)
        accounts.resend_verification(email=email)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """Send through ``awards.mail`` (editable template, outbox), not Django's files."""
        accounts.send_password_reset(
            user=context["user"], uidb64=context["uid"], token=context["token"]
        )


class InviteForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = email_field(help_text=_("The invitation with the link to choose a password goes here."))
    phone = PhoneField(required=False)

    def clean_full_name(self):
        return nfc(self.cleaned_data["full_name"])

    def clean_email(self):
        return clean_new_account_email(self.cleaned_data["email"])


# --- profiles -------------------------------------------------------------------------------


class UnitChoiceMixin:
    """A province select and a commune select limited to that province.

    With JavaScript, htmx refreshes the commune list when the province changes; without it,
    the "Show the communes" button reloads the form. Either way ``clean`` checks that the
    commune lies in the province. The commune field accepts any current commune so that a
    wrong pair gets a clear message rather than "not one of the available choices".
    """

    def setup_unit_fields(self):
        province_field = forms.ModelChoiceField(
            label=_("Province or city"),
            queryset=accounts.current_provinces(),
            empty_label=_("Choose the province or city"),
        )
        province_field.widget.attrs.update(
            {
                "hx-get": reverse_lazy("accounts:communes"),
                "hx-target": "#id_unit",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )
        self.fields["province"] = province_field
        unit_field = self.fields["unit"]
        unit_field.queryset = accounts.current_local_units()
        unit_field.label = _("Commune or ward")
        # Put the province right before the commune.
        order = [name for name in self.fields if name != "province"]
        order.insert(order.index("unit"), "province")
        self.order_fields(order)

        province = self.selected_province()
        if province is not None and "province" not in self.initial:
            self.initial["province"] = province.pk
        unit_field.widget.choices = [("", _("Choose the commune or ward"))] + [
            (unit.pk, unit.name) for unit in accounts.communes_of(province)
        ]

    def selected_province(self):
        """The province the form shows: the submitted one, else the saved address's."""
        if self.is_bound:
            raw = self.data.get(self.add_prefix("province"))
        else:
            raw = self.initial.get("province")
        if raw:
            try:
                return accounts.current_provinces().filter(pk=int(raw)).first()
            except (TypeError, ValueError):
                return None
        province = self.instance.unit.province if self.instance.unit_id else None
        return province if province is not None and province.is_current else None

    def clean(self):
        cleaned = super().clean()
        province, unit = cleaned.get("province"), cleaned.get("unit")
        if province and unit and unit.parent_id != province.pk:
            self.add_error(
                "unit",
                _("This commune or ward is not in the chosen province. Choose it again."),
            )
        return cleaned


class FacilityForm(UnitChoiceMixin, forms.ModelForm):
    class Meta:
        model = Facility
        fields = [
            "facility_type",
            "name",
            "registration_number",
            "representative",
            "representative_title",
            "phone",
            "email",
            "unit",
            "street_address",
        ]
        widgets = {
            "registration_number": forms.TextInput(attrs={"autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none"}),
        }
        help_texts = {
            "registration_number": _(
                "10 digits, or 13 digits for a branch: for example 3600123456 or 3600123456-001."
            ),
            "street_address": _("House number, street, hamlet or quarter."),
        }

    phone = PhoneField(required=False)

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.setup_unit_fields()

    def clean_name(self):
        return nfc(self.cleaned_data["name"])

    def clean_representative(self):
        return nfc(self.cleaned_data["representative"])

    def clean_registration_number(self):
        number = accounts.normalise_registration_number(self.cleaned_data["registration_number"])
        existing = accounts.facility_with_registration_number(number, exclude_pk=self.instance.pk)
        if existing is not None:
            if existing.owner_id == self.owner.pk:
                raise ValidationError(
                    _("You already have a profile with this number: %(name)s."),
                    params={"name": existing.name},
                    code="duplicate_registration_number",
                )
            raise accounts.registration_number_taken_error().error_dict["registration_number"][0]
        return number


class ArtisanForm(UnitChoiceMixin, forms.ModelForm):
    """The identity number is shown masked; it changes only when a new number is typed."""

    class Meta:
        model = Artisan
        fields = [
            "full_name",
            "birth_year",
            "identity_number",
            "craft",
            "craft_since_year",
            "unit",
            "street_address",
            "workplace",
            "phone",
            "email",
        ]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none"}),
        }
        help_texts = {
            "workplace": _("The workshop, craft village or company where you work."),
        }

    identity_number = forms.CharField(
        label=_("Citizen identity number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = PhoneField(required=False)

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        this_year = timezone.localdate().year
        self.fields["birth_year"] = forms.IntegerField(
            label=_("Year of birth"), min_value=1900, max_value=this_year, widget=NumberInput
        )
        self.fields["craft_since_year"] = forms.IntegerField(
            label=_("Practising the craft since (year)"),
            required=False,
            min_value=1900,
            max_value=this_year,
            widget=NumberInput,
        )
        stored = self.instance.identity_number
        if stored:
            # The full number never goes back to the browser.
            if self.initial.get("identity_number") == stored:
                self.initial["identity_number"] = self.instance.masked_identity_number
            field = self.fields["identity_number"]
            field.required = False
            field.help_text = _(
                "Shown hidden. Leave it as it is to keep the number on file, or type the "
                "12 digits of a new card."
            )
        else:
            self.fields["identity_number"].help_text = _(
                "The 12 digits on the citizen identity card."
            )
        self.setup_unit_fields()

    def clean_full_name(self):
        return nfc(self.cleaned_data["full_name"])

    def clean_identity_number(self):
        typed = (self.cleaned_data.get("identity_number") or "").strip()
        stored = self.instance.identity_number
        if stored and typed in ("", self.instance.masked_identity_number):
            return stored
        return accounts.normalise_identity_number(typed)

    def clean(self):
        cleaned = super().clean()
        born, since = cleaned.get("birth_year"), cleaned.get("craft_since_year")
        if born and since and since < born:
            self.add_error(
                "craft_since_year", _("The year you started the craft is before your birth year.")
            )
        return cleaned


def unbound_copy(form_class, data, **kwargs):
    """The same form filled with ``data`` as initial values and no errors.

    Used by the "Show the communes" button (no JavaScript): the page reloads with the
    person's input kept and the commune list of the chosen province.
    """
    names = [*form_class.base_fields, "province"]
    initial = {name: data.get(name) for name in names if data.get(name)}
    return form_class(initial=initial, **kwargs)
