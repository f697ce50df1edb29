"""The filter form of the secretariat's intake queue (read from the query string)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.enums import DossierState, ProductGroup
from awards.intake import DEFAULT_SORT, OVERDUE, QueueFilters, queue_states


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


SORT_CHOICES = [
    ("title", _("Name (A–Z)")),
    ("-title", _("Name (Z–A)")),
    ("code", _("Dossier code")),
    ("-code", _("Dossier code, last first")),
    ("submitted", _("Submitted, oldest first")),
    ("-submitted", _("Submitted, newest first")),
]


class IntakeFilterForm(forms.Form):
    """Search, state, product group, commune, submission dates and the sort order.

    Invalid values are dropped (the queue then shows everything for that filter) and the
    field shows its error; a filter never turns the page into an error.
    """

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Name, code, facility or commune (accents optional)"),
            }
        ),
    )
    state = forms.ChoiceField(label=_("State"), required=False)
    group = forms.ChoiceField(label=_("Product group"), required=False)
    unit = forms.TypedChoiceField(
        label=_("Commune or ward"), required=False, coerce=int, empty_value=None
    )
    submitted_from = forms.DateField(label=_("Submitted from"), required=False, widget=DateInput())
    submitted_to = forms.DateField(label=_("Submitted to"), required=False, widget=DateInput())
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, data=None, *, award_round, localities):
        super().__init__(data)
        states = queue_states(award_round)
        self.fields["state"].choices = [
            ("", _("All states")),
            *[(s, DossierState(s).label) for s in states],
            (OVERDUE, _("Overdue (deadline passed)")),
        ]
        self.fields["unit"].choices = [("", _("All communes and wards")), *localities]
        if award_round.is_artisan:
            del self.fields["group"]
        else:
            self.fields["group"].choices = [("", _("All groups")), *ProductGroup.choices]

    def filters(self):
        """The valid part of the input as ``QueueFilters``."""
        self.is_valid()
        data = {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors
        }
        return QueueFilters(
            q=(data.get("q") or "").strip(),
            state=data.get("state") or "",
            group=data.get("group") or "",
            unit=data.get("unit"),
            submitted_from=data.get("submitted_from"),
            submitted_to=data.get("submitted_to"),
            sort=data.get("sort") or DEFAULT_SORT,
        )
