"""Closing scoring: freeze the result, seal the sheets, and check the seal later.

The seal is a hash chain over every counted sheet (submitted, with a total, judge not
conflicted) in submission order (``submitted_at``, then id)::

    h_0 = SHA-256(round code)
    h_i = SHA-256(h_{i-1} + sheet_hash_i)        (hex digests concatenated, UTF-8)

``sheet_hash`` is the sheet module's canonical hash (``scoring.sheets.sheet_hash``, built on
``scoring.sheet_content.canonical_content``): the same function stores a sheet's hash at
submission, so there is one canonical form. The snapshot keeps the chain head, every sheet's
hash (with dossier code and judge name, so a report can name them) and the ranking rows.
``manage.py verify_scores <round>`` recomputes everything from the database and names any
sheet whose content no longer matches.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards import access
from awards.enums import DossierState
from awards.errors import DomainError
from awards.models import AwardRound
from awards.text import vi_sort_key
from awards.workflow import run_transition
from scoring import selectors
from scoring.conflicts import refresh_exclusions
from scoring.models import Assignment, Conflict, ResultSnapshot, ScoreLine, ScoreSheet
from scoring.ranking import result_as_json
from scoring.sheet_content import canonical_content, hash_content
from scoring.sheets import sheet_hash  # noqa: F401  (the canonical hash; see module notes)

#: How many missing sheets a refusal names before it says "and N more".
MISSING_NAMED = 20


# --- the chain -------------------------------------------------------------------------------


def _sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chain_start(round_code):
    return _sha256(round_code)


def chain_next(previous, sheet_digest):
    return _sha256(previous + sheet_digest)


def chain_head(round_code, digests):
    """The head of the chain over ``digests`` (in submission order) for ``round_code``."""
    head = chain_start(round_code)
    for digest in digests:
        head = chain_next(head, digest)
    return head


@dataclass(frozen=True, slots=True)
class SealedSheet:
    sheet_id: int
    dossier_code: str
    judge: str
    digest: str

    def as_json(self):
        return {
            "sheet": self.sheet_id,
            "hash": self.digest,
            "dossier": self.dossier_code,
            "judge": self.judge,
        }


#: Sheets hashed per pair of queries (keeps each ``IN`` list well under SQLite's limit).
DIGEST_CHUNK = 2000


def sheet_digests(sheet_ids):
    """Sheet id → SHA-256 of its canonical content, read fresh from the database (2 queries
    per 2,000 sheets).

    The same canonical form as ``scoring.sheets.sheet_hash`` (``canonical_content``), fed
    with plain values so 30,000 sheets need no model instances.
    """
    sheet_ids = list(sheet_ids)
    digests = {}
    for start in range(0, len(sheet_ids), DIGEST_CHUNK):
        digests.update(_digests(sheet_ids[start : start + DIGEST_CHUNK]))
    return digests


def _digests(sheet_ids):
    lines = defaultdict(list)
    for sheet_id, criterion_id, points in ScoreLine.objects.filter(
        sheet_id__in=sheet_ids
    ).values_list("sheet_id", "criterion_id", "points"):
        lines[sheet_id].append((criterion_id, points))
    digests = {}
    for row in ScoreSheet.objects.filter(pk__in=sheet_ids).values_list(
        "pk", "dossier_id", "member_id", "comment", "submitted_at", "total"
    ):
        pk, dossier_id, member_id, comment, submitted_at, total = row
        digests[pk] = hash_content(
            canonical_content(
                sheet_id=pk,
                dossier_id=dossier_id,
                member_id=member_id,
                comment=comment,
                submitted_at=submitted_at,
                total=total,
                lines=lines.get(pk, []),
            )
        )
    return digests


def counted_sheets_in_order(award_round):
    """(sheet id, dossier code, member id) of the round's counted sheets in submission order."""
    excluded = selectors.conflicted_sheet_ids(award_round)
    rows = (
        selectors.counted_sheets_query(award_round)
        .order_by("submitted_at", "pk")
        .values_list("pk", "dossier__code", "member_id")
    )
    return [row for row in rows if row[0] not in excluded]


def seal_sheets(award_round):
    """The round's counted sheets in submission order, each with its fresh digest."""
    seats = selectors.round_seats(award_round)
    ordered = counted_sheets_in_order(award_round)
    digests = sheet_digests(pk for pk, _code, _member in ordered)
    return [
        SealedSheet(
            sheet_id=pk,
            dossier_code=code,
            judge=seats[member_id].name if member_id in seats else "",
            digest=digests[pk],
        )
        for pk, code, member_id in ordered
    ]


# --- missing sheets --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MissingSheet:
    dossier_id: int
    dossier_code: str
    member_id: int
    judge: str


def missing_sheets(*, award_round):
    """Sheets expected but not submitted for the round's dossiers in scoring (fixed queries).

    Expected: the judges assigned to a dossier; when a dossier has no assignment, every
    scoring seat of the round's juries. A judge with a conflict on the dossier is not expected.
    """
    seats = selectors.round_seats(award_round)
    judges = [seat for seat in seats.values() if seat.scores]
    dossiers = list(
        award_round.dossiers.filter(state=DossierState.IN_SCORING).values_list(
            "pk", "code", "facility_id", "artisan_id"
        )
    )
    ids = [pk for pk, _code, _f, _a in dossiers]
    assigned = defaultdict(set)
    for dossier_id, member_id in Assignment.objects.filter(dossier_id__in=ids).values_list(
        "dossier_id", "member_id"
    ):
        assigned[dossier_id].add(member_id)
    submitted = set(
        ScoreSheet.objects.filter(dossier_id__in=ids, status="submitted").values_list(
            "dossier_id", "member_id"
        )
    )
    conflicts = list(
        Conflict.objects.filter(member__panel__award_round=award_round).values_list(
            "member_id", "dossier_id", "facility_id", "artisan_id"
        )
    )
    missing = []
    for pk, code, facility_id, artisan_id in dossiers:
        expected = assigned.get(pk) or {seat.member_id for seat in judges}
        for member_id in expected:
            if (pk, member_id) in submitted:
                continue
            conflicted = any(
                m == member_id and (d == pk or (f and f == facility_id) or (a and a == artisan_id))
                for m, d, f, a in conflicts
            )
            if conflicted:
                continue
            seat = seats.get(member_id)
            missing.append(MissingSheet(pk, code, member_id, seat.name if seat else ""))
    missing.sort(key=lambda m: (m.dossier_code, vi_sort_key(m.judge), m.member_id))
    return missing


# --- closing ---------------------------------------------------------------------------------


def _missing_refusal(missing):
    count = len(missing)
    message = ngettext(
        "%(count)d score sheet is missing. Confirm that scoring closes without it.",
        "%(count)d score sheets are missing. Confirm that scoring closes without them.",
        count,
    ) % {"count": count}
    problems = [
        _("%(dossier)s: no sheet from %(judge)s") % {"dossier": m.dossier_code, "judge": m.judge}
        for m in missing[:MISSING_NAMED]
    ]
    if count > MISSING_NAMED:
        problems.append(_("… and %(count)d more.") % {"count": count - MISSING_NAMED})
    return DomainError(message, problems=problems)


@transaction.atomic
def close_scoring(*, award_round, by, confirm_missing=False):
    """Close scoring of ``award_round``: freeze and seal the result; return the snapshot.

    Steps, in one transaction: check that ``by`` is the round's secretariat; lock the round;
    find the dossiers in scoring (refuse when there is none); count the missing sheets and
    refuse unless ``confirm_missing`` (then record who confirmed and how many were missing);
    compute the ranking; hash every counted sheet and chain the hashes in submission order;
    store the snapshot (chain head, sheet hashes, ranking rows); move every dossier in
    scoring to "scored" through the workflow; set the round's scoring close time if empty.
    Any refusal on the way rolls everything back.
    """
    if not access.is_round_secretariat(by, award_round):
        raise DomainError(_("Only the round's secretariat may close scoring."))
    award_round = (
        AwardRound.objects.select_for_update(of=("self",))
        .select_related("rule_set")
        .get(pk=award_round.pk)
    )
    # Related rows selected up front: saving a dossier refreshes its search text from the
    # facility or artisan and their commune, which would otherwise cost queries per dossier.
    in_scoring = list(
        award_round.dossiers.filter(state=DossierState.IN_SCORING)
        .select_related("award_round__rule_set", "facility__unit", "artisan__unit")
        .order_by("code")
    )
    if not in_scoring:
        raise DomainError(
            _("No dossier of this round is in scoring, so there is nothing to close.")
        )
    missing = missing_sheets(award_round=award_round)
    if missing and not confirm_missing:
        raise _missing_refusal(missing)

    refresh_exclusions(award_round=award_round)
    ranking = selectors.round_ranking(award_round=award_round, normalise=True)
    sealed = seal_sheets(award_round)
    snapshot = ResultSnapshot.objects.create(
        award_round=award_round,
        created_by=by,
        chain_head=chain_head(award_round.code, [s.digest for s in sealed]),
        sheet_hashes=[s.as_json() for s in sealed],
        results=[result_as_json(r, group_codes=ranking.group_codes) for r in ranking],
        missing_sheets=len(missing),
        missing_sheets_confirmed_by=by if missing else None,
    )
    with access.roles_remembered():
        for dossier in in_scoring:
            run_transition(dossier=dossier, action="close_scoring", by=by)
    if award_round.scoring_closes is None:
        award_round.scoring_closes = timezone.now()
        award_round.save(update_fields=["scoring_closes"])
    return snapshot


# --- verification ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SealProblem:
    kind: str  # "changed", "no_longer_counted", "deleted", "added", "snapshot"
    sheet_id: int | None
    dossier_code: str
    judge: str
    message: str


def verify_seal(*, award_round, snapshot=None):
    """Compare the database with the round's latest (or given) snapshot.

    Returns (snapshot, recomputed chain head, problems). A problem names the sheet (id,
    dossier code, judge): content changed, no longer counted (reopened, or its judge later
    declared a conflict), deleted, or counted now but not sealed; or the snapshot's own list
    no longer matches its chain head.
    """
    snapshot = snapshot or selectors.latest_snapshot(award_round)
    if snapshot is None:
        raise DomainError(_("Scoring of this round has not been closed and sealed yet."))
    entries = list(snapshot.sheet_hashes or [])
    problems = []
    if chain_head(award_round.code, [e["hash"] for e in entries]) != snapshot.chain_head:
        problems.append(
            SealProblem(
                "snapshot",
                None,
                "",
                "",
                _("The snapshot's list of sheet hashes does not match its seal."),
            )
        )
    sealed_ids = [e["sheet"] for e in entries]
    digests = sheet_digests(sealed_ids)
    counted_now = {pk: (code, member) for pk, code, member in counted_sheets_in_order(award_round)}
    seats = selectors.round_seats(award_round)
    recomputed = []
    for entry in entries:
        pk, code, judge = entry["sheet"], entry.get("dossier", ""), entry.get("judge", "")
        digest = digests.get(pk)
        recomputed.append(digest or "")
        if digest is None:
            problems.append(SealProblem("deleted", pk, code, judge, _("The sheet was deleted.")))
        elif digest != entry["hash"]:
            problems.append(
                SealProblem(
                    "changed", pk, code, judge, _("The sheet's content changed after the seal.")
                )
            )
        elif pk not in counted_now:
            problems.append(
                SealProblem(
                    "no_longer_counted",
                    pk,
                    code,
                    judge,
                    _(
                        "The sheet is no longer counted (reopened, or its judge declared a conflict)."
                    ),
                )
            )
    sealed_set = set(sealed_ids)
    for pk, (code, member_id) in counted_now.items():
        if pk not in sealed_set:
            judge = seats[member_id].name if member_id in seats else ""
            problems.append(
                SealProblem(
                    "added", pk, code, judge, _("The sheet is counted now but was not sealed.")
                )
            )
    return snapshot, chain_head(award_round.code, recomputed), problems
