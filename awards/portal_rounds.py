"""Open rounds for applicants and starting a dossier: which rounds a person may enter,
what each round asks for (said in plain words), and creating the draft.

Plain functions with keyword-only arguments; refusals are ``awards.errors.DomainError``
with a sentence for the applicant.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards import guards
from awards.enums import (
    ARTISAN_FAMILIES,
    AggregationMethod,
    CheckKind,
    DayKind,
    DossierState,
    Family,
    Title,
    VoteDenominator,
)
from awards.errors import DomainError
from awards.models import AdminUnit, Artisan, AwardRound, Criterion, Dossier, Facility
from awards.services import create_dossier
from awards.text import nfc

# --- localities ------------------------------------------------------------------------


def _area_ids(unit_ids):
    """The units given, every unit above them, and the units that replaced any of them.

    A facility registered in an old commune still lies in the merged province that
    succeeded its old province. One query per level of the administrative tree.
    """
    seen = {pk for pk in unit_ids if pk}
    frontier = set(seen)
    while frontier:
        rows = AdminUnit.objects.filter(pk__in=frontier).values_list("parent_id", "successor_id")
        frontier = {pk for pair in rows for pk in pair if pk and pk not in seen}
        seen |= frontier
    return seen


def record_is_in_round_area(record, award_round):
    """True when the facility or artisan lies inside the round's locality (or it has none)."""
    return award_round.unit_id is None or award_round.unit_id in _area_ids([record.unit_id])


def applicant_records(*, user, award_round):
    """The user's facilities (product rounds) or artisan profiles (artisan rounds) that may
    enter ``award_round``: owned by the user and inside the round's locality."""
    model = Artisan if award_round.is_artisan else Facility
    records = list(model.objects.filter(owner=user).select_related("unit"))
    return [record for record in records if record_is_in_round_area(record, award_round)]


# --- open rounds -----------------------------------------------------------------------


def open_rounds_for(*, user, family="", level="", province=None, at=None):
    """Rounds open for registration now that ``user`` may enter, the closest deadline first.

    Steps: rounds whose registration window is open → the filters chosen (family, level,
    province: rounds held in the province, plus regional rounds of its region and national
    rounds) → the locality rule: a round held in a province or commune is listed only when
    the user has no profile of the round's kind yet (so they can see what to prepare) or
    has one inside that locality. Rules, checklists and criteria groups are prefetched,
    so the number of queries does not depend on the number of rounds.
    """
    rounds = (
        AwardRound.objects.open_for_registration(at)
        .select_related("organiser", "unit", "rule_set")
        .prefetch_related(
            "rule_set__requirements",
            "rule_set__eligibility_checks",
            Prefetch(
                "rule_set__criteria",
                queryset=Criterion.objects.filter(parent__isnull=True),
                to_attr="criteria_groups",
            ),
        )
        .order_by("registration_closes", "name")
    )
    if family:
        rounds = rounds.filter(family=family)
    if level:
        rounds = rounds.filter(level=level)
    if province is not None:
        rounds = rounds.filter(
            Q(unit=province)
            | Q(unit__parent=province)
            | Q(unit__isnull=True, region__in=[province.region, ""])
        )
    facility_units = list(Facility.objects.filter(owner=user).values_list("unit_id", flat=True))
    artisan_units = list(Artisan.objects.filter(owner=user).values_list("unit_id", flat=True))

    def area_rule(units):
        if not units:
            return Q()
        return Q(unit__isnull=True) | Q(unit__in=_area_ids(units))

    return rounds.filter(
        (Q(family=Family.PRODUCT) & area_rule(facility_units))
        | (Q(family__in=ARTISAN_FAMILIES) & area_rule(artisan_units))
    )


@dataclass
class ChecklistItem:
    name: str
    description: str
    mandatory: bool
    kinds: str
    title: str = ""


@dataclass
class RoundRules:
    """A round's rule set, said in plain words for applicants."""

    checklist: list = field(default_factory=list)
    min_photos: int = 0
    declarations: list = field(default_factory=list)
    minima: list = field(default_factory=list)
    evaluation: list = field(default_factory=list)
    titles: list = field(default_factory=list)


def format_number(value):
    """70.00 -> "70", 66.5 -> "66,5" in the active language's format."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return formats.number_format(int(value), use_l10n=True)
    return formats.number_format(value.normalize(), use_l10n=True)


def _title_label(code):
    return Title(code).label if code in Title.values else code


def _aggregation_words(method):
    if method == AggregationMethod.MEDIAN:
        return _("the middle value of the judges' totals")
    if method == AggregationMethod.TRIMMED_MEAN:
        return _("the average of the judges' totals, leaving out the highest and the lowest")
    return _("the average of the judges' totals")


def evaluation_sentences(award_round):
    """How the round decides, in a few plain sentences (uses prefetched criteria if any)."""
    rule_set = award_round.rule_set
    sentences = []
    if rule_set.uses_ballot:
        sentences.append(_("The council decides by secret ballot."))
        if rule_set.vote_approval_pct is not None:
            if rule_set.vote_denominator == VoteDenominator.PRESENT:
                text = _(
                    "A candidate is approved when at least %(pct)s%% of the members present vote yes."
                )
            else:
                text = _(
                    "A candidate is approved when at least %(pct)s%% of all council members "
                    "vote yes, counting also members who are absent."
                )
            sentences.append(text % {"pct": format_number(rule_set.vote_approval_pct)})
        if rule_set.vote_quorum_pct is not None:
            sentences.append(
                _("The vote counts only when at least %(pct)s%% of the members take part.")
                % {"pct": format_number(rule_set.vote_quorum_pct)}
            )
    else:
        groups = getattr(rule_set, "criteria_groups", None)
        if groups is None:
            groups = list(rule_set.criteria.filter(parent__isnull=True))
        total = sum((group.max_points for group in groups), start=Decimal(0))
        if total:
            sentences.append(
                _("Each judge of the jury scores the entry on a score sheet of %(total)s points.")
                % {"total": format_number(total)}
            )
        sentences.append(
            _("The result is %(method)s.")
            % {"method": _aggregation_words(rule_set.aggregation_method)}
        )
        if rule_set.pass_mark is not None:
            sentences.append(
                _("An entry passes with a result of at least %(mark)s points.")
                % {"mark": format_number(rule_set.pass_mark)}
            )
    if rule_set.has_consultation_at(award_round.level):
        if rule_set.consultation_day_kind == DayKind.WORKING:
            text = _(
                "Before the decision, the list of candidates is posted for public comment "
                "for %(days)s working days."
            )
        else:
            text = _(
                "Before the decision, the list of candidates is posted for public comment "
                "for %(days)s days."
            )
        sentences.append(text % {"days": rule_set.consultation_days})
    if rule_set.nomination_quota:
        sentences.append(
            ngettext(
                "At most %(count)d entry is sent on to the next level.",
                "At most %(count)d entries are sent on to the next level.",
                rule_set.nomination_quota,
            )
            % {"count": rule_set.nomination_quota}
        )
    return sentences


def round_rules(award_round):
    """The round's requirements in words: checklist at its level, photos, checks, decision."""
    rule_set = award_round.rule_set
    rules = RoundRules(
        min_photos=rule_set.min_photos if award_round.is_product else 0,
        evaluation=evaluation_sentences(award_round),
        titles=[_title_label(code) for code in award_round.titles or []],
    )
    for requirement in rule_set.requirements.all():
        if requirement.level != award_round.level:
            continue
        rules.checklist.append(
            ChecklistItem(
                name=requirement.name,
                description=requirement.description,
                mandatory=requirement.mandatory,
                kinds=requirement.accepted_kinds_display(),
                title=_title_label(requirement.title) if requirement.title else "",
            )
        )
    for check in rule_set.eligibility_checks.all():
        title = _title_label(check.title) if check.title else ""
        if check.kind == CheckKind.DECLARATION:
            rules.declarations.append({"label": check.label, "title": title})
        else:
            rules.minima.append(
                {"label": check.label, "minimum": format_number(check.minimum), "title": title}
            )
    return rules


# --- starting a dossier ----------------------------------------------------------------


def start_dossier(*, award_round, user, facility=None, artisan=None, title="", title_sought=""):
    """Create a draft dossier for ``user`` in ``award_round`` and return it.

    Steps, in order: registration must be open now; a product round needs one of the
    user's facilities and a product name, an artisan round one of the user's artisan
    profiles and a title the round considers; the profile must lie in the round's locality;
    an artisan may hold only one live dossier per round; then the draft is created with
    the round's next free code (``awards.services.create_dossier``).
    """
    window = guards.registration_window_open.problems(Dossier(award_round=award_round))
    if window:
        raise DomainError(window[0])
    if award_round.is_artisan:
        record, fields = artisan, _artisan_start_fields(award_round, artisan, title_sought)
    else:
        record, fields = facility, _product_start_fields(facility, title)
    if record is None or record.owner_id != user.pk:
        raise DomainError(_("Choose one of your own profiles for this dossier."))
    if not record_is_in_round_area(record, award_round):
        raise DomainError(
            _("%(name)s is not located in the area of this round (%(area)s).")
            % {"name": record, "area": award_round.unit}
        )
    if artisan is not None:
        earlier = (
            Dossier.objects.filter(award_round=award_round, artisan=artisan)
            .exclude(state=DossierState.WITHDRAWN)
            .first()
        )
        if earlier is not None:
            raise DomainError(
                _("%(name)s already has the dossier %(code)s in this round.")
                % {"name": artisan, "code": earlier.code}
            )
    return create_dossier(award_round=award_round, owner=user, **fields)


def _product_start_fields(facility, title):
    title = nfc(title)
    if not title:
        raise DomainError(_("Write the name of the product or product set."))
    return {"facility": facility, "title": title}


def _artisan_start_fields(award_round, artisan, title_sought):
    if title_sought not in (award_round.titles or []):
        raise DomainError(_("Choose one of the titles this round considers."))
    if artisan is None:
        return {}
    years = None
    if artisan.craft_since_year:
        years = max(0, timezone.localdate().year - artisan.craft_since_year)
    return {
        "artisan": artisan,
        "title": artisan.full_name,
        "title_sought": title_sought,
        "craft": artisan.craft,
        "years_in_craft": years,
    }
