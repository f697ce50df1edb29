"""Reads for the secretariat's review page of one dossier.

The checklist with each item's current files and verdict, the photos, the submissions
with what changed between the last two, the timeline (transitions and the paper set's
arrival) and the supplement requests. Each read is one or two queries.
"""

from dataclasses import dataclass, field

from django.db.models import Case, Count, Value, When
from django.utils import formats
from django.utils.translation import gettext as _

from awards.enums import CheckKind, DossierState, Market, ProductGroup, Title
from awards.models import (
    Document,
    DocumentVerdict,
    Dossier,
    RoundEvent,
    SupplementRequest,
)
from awards.review import PAPER_RECEIVED
from awards.workflow import REVISION_FACTS, transition_label

S = DossierState

PDF = "application/pdf"
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")


def review_queryset():
    """Dossiers with everything the page shows about their round and applicant."""
    return Dossier.objects.select_related(
        "award_round__organiser__unit",
        "award_round__rule_set",
        "award_round__unit",
        "facility__unit__parent",
        "artisan__unit__parent",
        "owner",
    )


# --- checklist -------------------------------------------------------------------------


@dataclass
class ChecklistRow:
    requirement: object
    documents: list
    verdict: object = None

    @property
    def changed_since_verdict(self):
        """A file arrived after the verdict was given (worth a second look)."""
        if self.verdict is None:
            return False
        return any(doc.uploaded_at > self.verdict.at for doc in self.documents)


def document_kind(document):
    if document.content_type == PDF:
        return "pdf"
    if document.content_type in IMAGE_TYPES:
        return "image"
    return "other"


def checklist(dossier):
    """One row per checklist item: current files (with ``kind``) and the verdict. Three queries."""
    requirements = list(dossier.required_documents())
    documents = {}
    for document in dossier.documents.current().order_by("uploaded_at", "pk"):
        document.kind = document_kind(document)
        documents.setdefault(document.requirement_id, []).append(document)
    verdicts = {
        v.requirement_id: v
        for v in DocumentVerdict.objects.filter(dossier=dossier).select_related("by")
    }
    return [
        ChecklistRow(
            requirement=requirement,
            documents=documents.get(requirement.pk, []),
            verdict=verdicts.get(requirement.pk),
        )
        for requirement in requirements
    ]


def checklist_row(dossier, requirement):
    """The row of one item (for the verdict fragment)."""
    documents = list(
        dossier.documents.current().filter(requirement=requirement).order_by("uploaded_at", "pk")
    )
    for document in documents:
        document.kind = document_kind(document)
    verdict = (
        DocumentVerdict.objects.filter(dossier=dossier, requirement=requirement)
        .select_related("by")
        .first()
    )
    return ChecklistRow(requirement=requirement, documents=documents, verdict=verdict)


# --- facts -----------------------------------------------------------------------------


def _label(name):
    return str(Dossier._meta.get_field(name).verbose_name).capitalize()


def fact_display(name, value):
    """A revision fact as a person reads it."""
    if value in (None, "", [], {}):
        return ""
    if name == "product_group":
        return ProductGroup(value).label if value in ProductGroup.values else value
    if name == "title_sought":
        return Title(value).label if value in Title.values else value
    if name == "markets":
        return ", ".join(str(Market(m).label) if m in Market.values else m for m in value)
    if name == "declarations":
        return ", ".join(code for code, given in sorted(value.items()) if given)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)


PRODUCT_FACTS = (
    "product_group", "is_product_set", "description", "raw_materials", "production_capacity",
    "annual_revenue", "jobs", "markets", "standards",
)  # fmt: skip
ARTISAN_FACTS = (
    "title_sought", "craft", "years_in_craft", "works", "works_count", "prizes",
    "trainees_count", "titles_held",
)  # fmt: skip


@dataclass
class FactRow:
    label: str
    value: str
    long: bool = False


def fact_rows(dossier):
    """The dossier's facts as (label, text) rows, in the editor's order."""
    names = ARTISAN_FACTS if dossier.award_round.is_artisan else PRODUCT_FACTS
    rows = []
    for name in names:
        value = getattr(dossier, name)
        if name == "annual_revenue" and value is not None:
            text = f"{formats.number_format(value, 0, force_grouping=True)} đ"
        else:
            text = fact_display(name, value)
        field_ = Dossier._meta.get_field(name)
        rows.append(
            FactRow(
                label=_label(name),
                value=text,
                long=field_.get_internal_type() == "TextField",
            )
        )
    return rows


@dataclass
class DeclarationRow:
    label: str
    met: bool
    value: str = ""


def declaration_rows(dossier):
    """The round's eligibility checks that apply to this dossier, each met or not. One query."""
    declared = dossier.declarations or {}
    rows = []
    for check in dossier.award_round.rule_set.eligibility_checks.all():
        if check.title and check.title != dossier.title_sought:
            continue
        if check.kind == CheckKind.DECLARATION:
            rows.append(DeclarationRow(label=check.label, met=declared.get(check.code) is True))
        else:
            value = getattr(dossier, check.field, None)
            rows.append(
                DeclarationRow(
                    label=check.label,
                    met=value is not None and value >= check.minimum,
                    value="" if value is None else str(value),
                )
            )
    return rows


def place_name(award_round):
    """The place written before the date of an official document ("Đồng Nai, ngày …")."""
    unit = award_round.unit or award_round.organiser.unit
    province = unit.province if unit is not None else None
    return (province or unit).name if (province or unit) else ""


# --- submissions and what changed ------------------------------------------------------


@dataclass
class FactChange:
    label: str
    before: str
    after: str


@dataclass
class DocumentChange:
    name: str
    status: str  # "added", "removed" or "replaced"
    before: list = field(default_factory=list)
    after: list = field(default_factory=list)

    @property
    def status_label(self):
        return {
            "added": _("File added"),
            "removed": _("File removed"),
            "replaced": _("File replaced"),
        }[self.status]


@dataclass
class RevisionDiff:
    older: object
    newer: object
    facts: list
    documents: list
    unchanged_documents: int

    @property
    def has_changes(self):
        return bool(self.facts or self.documents)


def revisions(dossier):
    """The submissions, newest first, with who filed them and how many files. One query."""
    return list(
        dossier.revisions.select_related("submitted_by")
        .annotate(document_count=Count("documents"))
        .order_by("-number")
    )


def _files_by_item(revision_ids):
    """{revision id: {requirement id: [(sha256, original name)]}} and item names. One query."""
    rows = (
        Document.objects.filter(revisions__in=revision_ids)
        .values_list("revisions", "requirement_id", "requirement__name", "sha256", "original_name")
        .order_by("requirement__order", "original_name")
    )
    files, names = {rid: {} for rid in revision_ids}, {}
    for revision_id, requirement_id, name, sha256, original in rows:
        files[revision_id].setdefault(requirement_id, []).append((sha256, original))
        names[requirement_id] = name
    return files, names


def revision_diff(revision_list):
    """What changed between the last two submissions (``revision_list`` newest first)."""
    if len(revision_list) < 2:
        return None
    newer, older = revision_list[0], revision_list[1]
    facts = []
    for name in REVISION_FACTS:
        before = fact_display(name, (older.facts or {}).get(name))
        after = fact_display(name, (newer.facts or {}).get(name))
        if before != after:
            facts.append(FactChange(label=_label(name), before=before, after=after))
    files, names = _files_by_item([older.pk, newer.pk])
    changes, unchanged = [], 0
    for requirement_id, name in names.items():
        before = files[older.pk].get(requirement_id, [])
        after = files[newer.pk].get(requirement_id, [])
        if sorted(sha for sha, _n in before) == sorted(sha for sha, _n in after):
            unchanged += 1
            continue
        status = "added" if not before else "removed" if not after else "replaced"
        changes.append(
            DocumentChange(
                name=name,
                status=status,
                before=[n for _s, n in before],
                after=[n for _s, n in after],
            )
        )
    return RevisionDiff(
        older=older, newer=newer, facts=facts, documents=changes, unchanged_documents=unchanged
    )


# --- timeline --------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    at: object
    label: str
    by: object
    action: str = ""
    note: str = ""
    source_label: str = ""
    target_label: str = ""
    is_event: bool = False


def _state_label(state):
    return S(state).label if state in S.values else state


def timeline(dossier):
    """Transitions and the paper set's arrival, newest first, with who did them. Two queries."""
    entries = [
        TimelineEntry(
            at=log.at,
            action=log.name,
            label=transition_label(log.name),
            by=log.by,
            note=log.note,
            source_label=_state_label(log.source),
            target_label=_state_label(log.target),
        )
        for log in dossier.transitions.select_related("by")
    ]
    events = RoundEvent.objects.filter(
        award_round_id=dossier.award_round_id, action=PAPER_RECEIVED, data__dossier=dossier.pk
    ).select_related("by")
    entries += [
        TimelineEntry(at=event.at, label=_("Paper set received"), by=event.by, is_event=True)
        for event in events
    ]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def supplement_requests(dossier, entries):
    """The dossier's supplement requests, newest first; one query.

    A request is answered by the first resubmission after it. ``awards.review`` records
    that when the resubmission is announced; a resubmission replayed without announcements
    (demo data, imported history) is caught up here, from the timeline ``entries``.
    """
    requests = list(
        dossier.supplement_requests.select_related("created_by").order_by("-created_at")
    )
    resubmissions = sorted(entry.at for entry in entries if entry.action == "resubmit")
    caught_up = {}
    for request in requests:
        if request.answered_at is None:
            answer = next((at for at in resubmissions if at >= request.created_at), None)
            if answer is not None:
                caught_up[request.pk] = request.answered_at = answer
    if caught_up:
        SupplementRequest.objects.filter(pk__in=caught_up, answered_at__isnull=True).update(
            answered_at=Case(*(When(pk=pk, then=Value(at)) for pk, at in caught_up.items()))
        )
    return requests
