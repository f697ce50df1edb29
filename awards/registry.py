"""Reads for the public registry: published results, one product page, certificate checks.

A result is *published* when its round has a recorded decision and the dossier is honoured
(recognised, approved or awarded). Only published dossiers, their photos and their
certificates are ever shown to the public; everything else answers "not found".
Each list read is a fixed number of queries whatever the number of rows.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from awards.enums import HONOURED_STATES, DossierState, Family, Level, ProductGroup
from awards.models import AdminUnit, AwardRound, Certificate, Dossier, Photo

#: Certificate numbers and search words longer than this are not looked up at all.
MAX_LOOKUP_LENGTH = 60
#: Kinds of entry the registry can be narrowed to.
KIND_PRODUCT = "product"
KIND_ARTISAN = "artisan"
#: Long texts the list does not show, left in the database.
LIST_DEFERRED = (
    "description", "raw_materials", "standards", "works", "prizes", "titles_held",
    "declarations", "markets", "search_text",
)  # fmt: skip


def published_filter(prefix=""):
    """``Q`` for published dossiers (``prefix`` for a relation, e.g. ``"dossier__"``)."""
    return Q(
        **{
            f"{prefix}state__in": HONOURED_STATES,
            f"{prefix}award_round__decision__isnull": False,
        }
    )


def published_dossiers():
    return Dossier.objects.filter(published_filter())


def is_published(dossier):
    """True for a dossier whose result may be shown to the public (one query at most)."""
    if dossier.state not in HONOURED_STATES:
        return False
    return AwardRound.objects.filter(pk=dossier.award_round_id, decision__isnull=False).exists()


def _photos_prefetch():
    return Prefetch("photos", queryset=Photo.objects.order_by("order", "pk"), to_attr="ordered")


@dataclass
class RegistryFilters:
    """What a visitor asked for; unknown values are ignored, never an error."""

    q: str = ""
    year: int | None = None
    level: str = ""
    province: int | None = None
    group: str = ""
    kind: str = ""

    @classmethod
    def from_query(cls, params):
        def number(name):
            value = (params.get(name) or "").strip()
            return int(value) if value.isdigit() and len(value) <= 9 else None

        level = params.get("level") or ""
        group = params.get("group") or ""
        kind = params.get("kind") or ""
        return cls(
            q=(params.get("q") or "").strip()[:MAX_LOOKUP_LENGTH],
            year=number("year"),
            level=level if level in Level.values else "",
            province=number("province"),
            group=group if group in ProductGroup.values else "",
            kind=kind if kind in (KIND_PRODUCT, KIND_ARTISAN) else "",
        )

    @property
    def active(self):
        return bool(self.q or self.year or self.level or self.province or self.group or self.kind)


def _in_province(province_id):
    """Applicant's unit lies in the province: directly, or through a (former) district."""
    paths = [
        f"{applicant}__unit__{hops}"
        for applicant in ("facility", "artisan")
        for hops in ("parent_id", "parent__parent_id", "id")
    ]
    condition = Q()
    for path in paths:
        condition |= Q(**{path: province_id})
    return condition


def registry_entries(filters):
    """Published dossiers matching ``filters``, in Vietnamese alphabetical order."""
    qs = published_dossiers()
    if filters.q:
        qs = qs.search(filters.q)
    if filters.year:
        qs = qs.filter(award_round__year=filters.year)
    if filters.level:
        qs = qs.filter(award_round__level=filters.level)
    if filters.group:
        qs = qs.filter(product_group=filters.group)
    if filters.kind == KIND_PRODUCT:
        qs = qs.filter(award_round__family=Family.PRODUCT)
    elif filters.kind == KIND_ARTISAN:
        qs = qs.exclude(award_round__family=Family.PRODUCT)
    if filters.province:
        qs = qs.filter(_in_province(filters.province))
    return (
        qs.select_related(
            "award_round",
            "award_round__decision",
            "facility__unit__parent",
            "artisan__unit__parent",
            "certificate",
        )
        .prefetch_related(_photos_prefetch())
        .defer(*LIST_DEFERRED)
        .order_by("title_sort", "code", "pk")
    )


def filter_choices():
    """Years with a published result and the provinces, for the filter form (two queries)."""
    years = (
        AwardRound.objects.filter(decision__isnull=False)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    provinces = AdminUnit.objects.provinces().order_by("name_sort").values_list("pk", "name")
    return {
        "years": list(years),
        "provinces": list(provinces),
        "levels": Level.choices,
        "groups": ProductGroup.choices,
    }


def registry_entry(pk):
    """One published dossier with what its page shows, or None."""
    return (
        published_dossiers()
        .select_related(
            "award_round",
            "award_round__decision",
            "award_round__organiser",
            "facility__unit__parent__parent",
            "artisan__unit__parent__parent",
            "certificate",
        )
        .prefetch_related(_photos_prefetch())
        .filter(pk=pk)
        .first()
    )


def public_photo(pk):
    """A photo of a published dossier, or None."""
    return Photo.objects.filter(pk=pk).filter(published_filter("dossier__")).first()


# --- lineage ------------------------------------------------------------------------------


@dataclass
class LineageStep:
    dossier: Dossier
    current: bool
    score: object = None
    certificate: Certificate | None = None
    decision: object = None

    @property
    def award_round(self):
        return self.dossier.award_round


def _step_queryset():
    return Dossier.objects.select_related("award_round", "award_round__decision", "certificate")


def public_lineage(dossier):
    """The chain of ``dossier`` for the public: ``awards.nominations.lineage`` (the one
    lineage of the app) with every unpublished step left out; the registry's own walk
    (``lineage``) stands in if that selector is missing."""
    try:
        from awards.nominations import lineage as full_lineage
    except ImportError:
        return lineage(dossier)
    return [
        step
        for step in full_lineage(dossier)
        if step.current
        or (step.dossier.state in HONOURED_STATES and _has_decision(step.dossier.award_round))
    ]


def lineage(dossier):
    """The published chain of ``dossier`` from its lowest level to its highest.

    Walks ``source`` down and ``nominations`` up (a chain has at most a handful of levels);
    steps whose result is not published are left out.
    """
    chain = [dossier]
    seen = {dossier.pk}
    below = dossier
    while below.source_id and below.source_id not in seen:
        below = _step_queryset().get(pk=below.source_id)
        seen.add(below.pk)
        chain.insert(0, below)
    above = dossier
    while True:
        nxt = _step_queryset().filter(source=above).exclude(pk__in=seen).order_by("pk").first()
        if nxt is None:
            break
        seen.add(nxt.pk)
        chain.append(nxt)
        above = nxt
    scores = dict(
        Dossier.objects.filter(pk__in=seen, list_entries__isnull=False).values_list(
            "pk", "list_entries__score"
        )
    )
    steps = []
    for item in chain:
        published = item.state in HONOURED_STATES and _has_decision(item.award_round)
        if not published and item.pk != dossier.pk:
            continue
        steps.append(
            LineageStep(
                dossier=item,
                current=item.pk == dossier.pk,
                score=scores.get(item.pk),
                certificate=_certificate_of(item),
                decision=getattr(item.award_round, "decision", None),
            )
        )
    return steps


def _has_decision(award_round):
    try:
        return award_round.decision is not None
    except AwardRound.decision.RelatedObjectDoesNotExist:
        return False


def _certificate_of(dossier):
    try:
        return dossier.certificate
    except Dossier.certificate.RelatedObjectDoesNotExist:
        return None


# --- certificate verification -------------------------------------------------------------

STATUS_VALID = "valid"
STATUS_EXPIRED = "expired"
STATUS_REVOKED = "revoked"


@dataclass
class Verification:
    """What the verification page says about one certificate."""

    certificate: Certificate
    status: str
    dossier: Dossier = field(init=False)
    decision: object = field(init=False)

    def __post_init__(self):
        self.dossier = self.certificate.dossier
        self.decision = self.certificate.decision

    @property
    def is_valid(self):
        return self.status == STATUS_VALID


def _certificates():
    return Certificate.objects.select_related(
        "decision",
        "dossier__award_round",
        "dossier__facility__unit__parent",
        "dossier__artisan__unit__parent",
    )


def _verify(certificate, today):
    if certificate is None:
        return None
    status = certificate.status_on(today or timezone.localdate())
    if certificate.dossier.state == DossierState.REVOKED:
        status = STATUS_REVOKED
    return Verification(certificate=certificate, status=status)


def verify_number(number, *, today=None):
    """The verification of the certificate numbered ``number`` (case and spaces ignored),
    or None when no such certificate was issued."""
    number = " ".join((number or "").split())
    if not number or len(number) > MAX_LOOKUP_LENGTH:
        return None
    return _verify(_certificates().filter(number__iexact=number).first(), today)


def verify_token(token, *, today=None):
    """The verification of the certificate whose QR code carries ``token``, or None."""
    token = (token or "").strip()
    if not token or len(token) > MAX_LOOKUP_LENGTH:
        return None
    return _verify(_certificates().filter(token=token).first(), today)
