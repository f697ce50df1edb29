"""Forms of the secretariat's council and jury pages (input parsing only, no rules)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.enums import ProductGroup
from awards.models import Dossier
from scoring.enums import AssignmentMode, PanelKind, SeatRole
from scoring.models import PanelMember


class PanelForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PanelKind.choices)
    name = forms.CharField(
        label=_("Name"),
        max_length=255,
        help_text=_("For example: Hội đồng bình chọn sản phẩm CNNT tiêu biểu tỉnh năm 2026"),
    )
    established_by = forms.CharField(
        label=_("Established by decision"),
        max_length=120,
        required=False,
        help_text=_("Number and date of the decision that set up the panel."),
    )
    assignment_mode = forms.ChoiceField(
        label=_("Assignment of dossiers (juries)"),
        choices=AssignmentMode.choices,
        initial=AssignmentMode.EVERYONE,
    )


def _groups_field():
    return forms.MultipleChoiceField(
        label=_("Product groups scored"),
        choices=ProductGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Used when a jury assigns dossiers by product group."),
    )


class SeatFields(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=SeatRole.choices, initial=SeatRole.MEMBER)
    title = forms.CharField(label=_("Title and workplace"), max_length=255, required=False)
    product_groups = _groups_field()


class MemberAddForm(SeatFields):
    user = forms.IntegerField(widget=forms.HiddenInput)


class MemberInviteForm(SeatFields):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=150)

    field_order = ["email", "full_name", "role", "title", "product_groups"]


class MemberChangeForm(SeatFields):
    pass


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a person by name or e-mail"), max_length=100, required=False)


class AssignmentModeForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("How dossiers are assigned"),
        choices=AssignmentMode.choices,
        widget=forms.RadioSelect,
    )


class DossierChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} · {obj.title}"


class ByHandForm(forms.Form):
    dossiers = DossierChoiceField(
        label=_("Dossiers to assign"),
        queryset=Dossier.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, dossiers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].queryset = dossiers


class AdmissionForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "When the secretariat records the approval for the chair: the meeting or minutes "
            "in which the council approved the list."
        ),
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.user} · {obj.panel.name} ({obj.get_role_display()})"


class ConflictForm(forms.Form):
    member = MemberChoiceField(label=_("Member"), queryset=PanelMember.objects.none())
    dossier_code = forms.CharField(
        label=_("Dossier code"),
        max_length=30,
        required=False,
        help_text=_("Either a dossier, or an applicant below (all of its dossiers)."),
    )
    applicant = forms.ChoiceField(label=_("Applicant"), required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, members, applicants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["applicant"].choices = [("", "—"), *applicants]

    def clean(self):
        data = super().clean()
        if not data.get("dossier_code") and not data.get("applicant"):
            raise forms.ValidationError(_("Give a dossier code or choose an applicant."))
        if data.get("dossier_code") and data.get("applicant"):
            raise forms.ValidationError(_("Give either a dossier code or an applicant, not both."))
        return data
