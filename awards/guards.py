"""Guards of the dossier state machine.

Each guard is a function ``dossier -> list of problems`` (plain sentences for a person).
``guard`` turns it into a django-fsm condition (true when there is no problem) that still
carries the sentences, so the workflow service can tell a person exactly why a transition
was refused.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.enums import ARTISAN_FAMILIES, CheckKind, Family


def guard(problems_of):
    def condition(dossier):
        return not problems_of(dossier)

    condition.problems = problems_of
    condition.__name__ = problems_of.__name__
    condition.__doc__ = problems_of.__doc__
    return condition


def problems_of(condition, dossier):
    """The sentences a failing condition gives, or a generic one for plain callables."""
    explain = getattr(condition, "problems", None)
    if explain is not None:
        return explain(dossier)
    return [] if condition(dossier) else [_("A condition of this step is not met.")]


def _when(value):
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


@guard
def is_product_dossier(dossier):
    if dossier.award_round.family != Family.PRODUCT:
        return [_("This step applies only to product dossiers.")]
    return []


@guard
def is_artisan_dossier(dossier):
    if dossier.award_round.family not in ARTISAN_FAMILIES:
        return [_("This step applies only to artisan dossiers.")]
    return []


@guard
def registration_window_open(dossier):
    award_round, now = dossier.award_round, timezone.now()
    if now < award_round.registration_opens:
        return [
            _("Registration for this round opens at %(when)s.")
            % {"when": _when(award_round.registration_opens)}
        ]
    if now > award_round.registration_closes:
        return [
            _("Registration for this round closed at %(when)s.")
            % {"when": _when(award_round.registration_closes)}
        ]
    return []


@guard
def supplement_deadline_not_passed(dossier):
    deadline = dossier.supplement_deadline
    if deadline and timezone.now() > deadline:
        return [
            _("The deadline for the supplement passed at %(when)s.") % {"when": _when(deadline)}
        ]
    return []


@guard
def facts_complete(dossier):
    """The facts the criteria need are filled in."""
    missing = []
    if dossier.award_round.family == Family.PRODUCT:
        if dossier.facility_id is None:
            missing.append(_("the facility"))
        if not dossier.title:
            missing.append(_("the product name"))
        if not dossier.product_group:
            missing.append(_("the product group"))
        if not dossier.description:
            missing.append(_("the product description"))
    else:
        if dossier.artisan_id is None:
            missing.append(_("the candidate"))
        if not dossier.title_sought:
            missing.append(_("the title applied for"))
        if dossier.years_in_craft is None:
            missing.append(_("the years in the craft"))
    if missing:
        return [
            _("The dossier information is incomplete: %(items)s.") % {"items": ", ".join(missing)}
        ]
    return []


@guard
def mandatory_documents_present(dossier):
    present = set(dossier.documents.current().values_list("requirement_id", flat=True))
    missing = [
        req.name for req in dossier.required_documents() if req.mandatory and req.pk not in present
    ]
    if missing:
        return [_("The dossier is missing: %(items)s") % {"items": "; ".join(missing)}]
    return []


@guard
def enough_photos(dossier):
    needed = dossier.award_round.rule_set.min_photos
    have = dossier.photos.count()
    if dossier.award_round.family == Family.PRODUCT and have < needed:
        return [
            ngettext(
                "The dossier needs at least %(needed)d colour photo of the product (now %(have)d).",
                "The dossier needs at least %(needed)d colour photos of the product (now %(have)d).",
                needed,
            )
            % {"needed": needed, "have": have}
        ]
    return []


@guard
def eligible(dossier):
    """Every eligibility check of the rule set that applies to this dossier holds."""
    problems = []
    declarations = dossier.declarations or {}
    for check in dossier.award_round.rule_set.eligibility_checks.all():
        if check.title and check.title != dossier.title_sought:
            continue
        if check.kind == CheckKind.DECLARATION:
            if declarations.get(check.code) is not True:
                problems.append(_("Not declared: %(label)s") % {"label": check.label})
        else:
            value = getattr(dossier, check.field, None)
            if value is None or value < check.minimum:
                problems.append(_("Condition not met: %(label)s") % {"label": check.label})
    return problems


@guard
def consultation_not_required(dossier):
    award_round = dossier.award_round
    if award_round.rule_set.has_consultation_at(award_round.level):
        return [_("This level requires a public consultation before the vote.")]
    return []


@guard
def consultation_required(dossier):
    award_round = dossier.award_round
    if not award_round.rule_set.has_consultation_at(award_round.level):
        return [_("This level has no public consultation in its rule set.")]
    return []


@guard
def consultation_over(dossier):
    award_round = dossier.award_round
    if not award_round.consultation_is_over():
        closes = award_round.consultation_closes
        if closes is None:
            return [_("The public consultation has no closing date yet.")]
        return [
            _("The public consultation runs until %(date)s; the vote can start after it.")
            % {"date": formats.date_format(closes, "SHORT_DATE_FORMAT")}
        ]
    return []


@guard
def round_is_top_level(dossier):
    if not dossier.award_round.is_top_level():
        return [
            _(
                "The title is awarded only after the highest council; nominate the dossier up instead."
            )
        ]
    return []


@guard
def is_nomination(dossier):
    if dossier.source_id is None:
        return [_("Only a dossier nominated from the level below is received this way.")]
    return []
