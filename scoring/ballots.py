"""Secret ballots of an artisan council: open a sitting, cast votes, close, tally, record.

Secrecy is structural: a ``BallotReceipt`` records *that* a member voted on a candidate
(so nobody votes twice), a ``Vote`` records *how* somebody voted, and nothing links the two.
Votes carry no member and no time, their ids are random, and each cast rewrites the box's
votes in one shuffled order, so neither row order nor timing reveals whose they are. Counts are
only computed once the ballot is closed (running counts would let anyone watching the screen
deduce a single vote).

The rules come from the round's rule set: the quorum is ``vote_quorum_pct`` of the LISTED
members (those holding a voting seat when the ballot opened); a candidate is approved when
the "yes" votes reach ``vote_approval_pct`` of the listed or of the present members
(``vote_denominator``).

What a ballot covers (its candidates, the listed and present members) is fixed when it opens
and kept in a ``RoundEvent`` ("ballot_opened"), so later changes to the panel or to dossier
states do not change a finished count.
"""

import random
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import access
from awards.enums import DossierState, VoteDenominator
from awards.errors import DomainError
from awards.models import Dossier, RoundEvent
from awards.workflow import run_transition
from scoring.enums import PanelKind, SeatRole, VoteChoice
from scoring.models import BallotBox, BallotReceipt, PanelMember, Vote

#: Seats that vote: the council's secretary keeps the minutes and does not vote.
VOTING_ROLES = (SeatRole.CHAIR, SeatRole.VICE_CHAIR, SeatRole.MEMBER)
OPENED = "ballot_opened"
CLOSED = "ballot_closed"
RECORDED = "ballot_results_recorded"
_shuffle = random.SystemRandom().shuffle


def seat_order():
    """Order seats chair, vice-chair, members (then by name) instead of alphabetically."""
    return Case(
        *(When(role=role, then=Value(index)) for index, role in enumerate(VOTING_ROLES)),
        default=Value(len(VOTING_ROLES)),
        output_field=IntegerField(),
    )


def percent(value):
    """A percentage as shown: at most two decimals, no trailing zeros ("87.5", "75")."""
    text = f"{Decimal(value).quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _ceil(value):
    return int(Decimal(value).to_integral_value(rounding=ROUND_CEILING))


# --- reads ---------------------------------------------------------------------------------


def voting_members(panel):
    """The panel's listed members: every voting seat (not the secretary), with the user."""
    return (
        PanelMember.objects.filter(panel=panel, role__in=VOTING_ROLES)
        .select_related("user")
        .order_by(seat_order(), "user__full_name", "pk")
    )


def voting_candidates(award_round):
    """Dossiers of ``award_round`` waiting for the council's vote, in Vietnamese order."""
    return (
        Dossier.objects.filter(award_round=award_round, state=DossierState.VOTING)
        .select_related("artisan")
        .order_by("title_sort", "code")
    )


def opening_of(box):
    """The "ballot_opened" event of ``box`` (what it covers), or None for a box made elsewhere."""
    return (
        RoundEvent.objects.filter(award_round_id=box.panel.award_round_id, action=OPENED)
        .filter(data__box=box.pk)
        .first()
    )


def candidates_of(box):
    """The dossiers on ``box``'s ballot, fixed when it opened, in Vietnamese order."""
    opening = opening_of(box)
    qs = Dossier.objects.filter(award_round_id=box.panel.award_round_id)
    if opening is not None:
        qs = qs.filter(pk__in=opening.data.get("candidates", []))
    else:
        qs = qs.filter(Q(state=DossierState.VOTING) | Q(votes__box=box)).distinct()
    return list(qs.select_related("artisan").order_by("title_sort", "code"))


def listed_count(box):
    opening = opening_of(box)
    if opening is not None and "listed" in opening.data:
        return len(opening.data["listed"])
    return voting_members(box.panel).count()


def results_recorded(box):
    """The event recording ``box``'s results in the dossiers, or None while not recorded."""
    return (
        RoundEvent.objects.filter(award_round_id=box.panel.award_round_id, action=RECORDED)
        .filter(data__box=box.pk)
        .select_related("by")
        .first()
    )


def member_seat(*, box, user):
    """``user``'s voting seat on ``box``'s council, or None."""
    if not (user and user.is_authenticated):
        return None
    return (
        PanelMember.objects.filter(panel_id=box.panel_id, user=user, role__in=VOTING_ROLES)
        .select_related("user")
        .first()
    )


def is_present(*, box, member):
    return box.present.filter(pk=member.pk).exists()


def voted_dossier_ids(*, box, member):
    """Candidates ``member`` has already voted on (from receipts: that, never how)."""
    return set(
        BallotReceipt.objects.filter(box=box, member=member).values_list("dossier_id", flat=True)
    )


def turnout(*, box):
    """Each present member with ``receipts``: on how many candidates they voted (two queries)."""
    counts = dict(
        BallotReceipt.objects.filter(box=box)
        .values("member_id")
        .annotate(n=Count("pk"))
        .values_list("member_id", "n")
    )
    members = list(
        box.present.select_related("user").order_by(seat_order(), "user__full_name", "pk")
    )
    for member in members:
        member.receipts = counts.get(member.pk, 0)
    return members


def open_boxes_for(*, user):
    """Open ballots where ``user`` is recorded as present, newest first."""
    return (
        BallotBox.objects.filter(
            closed_at__isnull=True, present__user=user, present__role__in=VOTING_ROLES
        )
        .select_related("panel__award_round")
        .distinct()
        .order_by("-opened_at")
    )


# --- the rule in figures --------------------------------------------------------------------


def quorum_needed(*, listed, quorum_pct):
    """Members who must be present: ``quorum_pct`` % of the listed members, rounded up."""
    if not quorum_pct:
        return 0
    return _ceil(Decimal(listed) * Decimal(quorum_pct) / 100)


def _quorum_problem(*, listed, present, quorum_pct):
    needed = quorum_needed(listed=listed, quorum_pct=quorum_pct)
    if present >= needed:
        return None
    return _(
        "The quorum is not reached: %(present)d of %(listed)d listed members are present; "
        "the rule set needs %(pct)s %% of the listed members, that is %(needed)d."
    ) % {"present": present, "listed": listed, "pct": percent(quorum_pct), "needed": needed}


# --- services -------------------------------------------------------------------------------


def _require_secretariat(by, award_round):
    if not access.is_round_secretariat(by, award_round):
        raise DomainError(_("Only the round's secretariat may run the council's ballot."))


def _log(*, box, action, by, note="", **data):
    return RoundEvent.objects.create(
        award_round_id=box.panel.award_round_id, action=action, by=by, note=note,
        data={"box": box.pk, "panel": box.panel_id, **data},
    )  # fmt: skip


@transaction.atomic
def open_ballot(*, panel, present_members, by):
    """Open a secret ballot of council ``panel`` with ``present_members`` and return the box.

    Steps: check that ``by`` is the round's secretariat, that the panel is a council of an
    artisan round that decides by secret ballot with an approval threshold, and that no other
    ballot of the panel is open (the panel row is locked); check that every present member
    holds a voting seat on the panel; refuse when the quorum (``vote_quorum_pct`` of the listed
    members) is not met, naming the figures; take the round's dossiers in "voting" as the
    candidates (refuse when there are none); create the box with the members present and log
    what it covers (candidates, listed and present members).
    """
    award_round = panel.award_round
    _require_secretariat(by, award_round)
    rule_set = award_round.rule_set
    if panel.kind != PanelKind.COUNCIL:
        raise DomainError(_("Only a council votes by secret ballot; a jury scores."))
    if not award_round.is_artisan or not rule_set.uses_ballot:
        raise DomainError(_("This round's rule set does not decide by secret ballot."))
    if rule_set.vote_approval_pct is None:
        raise DomainError(
            _("The round's rule set has no approval threshold; set it before opening a ballot.")
        )
    type(panel).objects.select_for_update().get(pk=panel.pk)
    if BallotBox.objects.filter(panel=panel, closed_at__isnull=True).exists():
        raise DomainError(_("A ballot of this council is already open; close it first."))

    listed = list(voting_members(panel))
    listed_ids = {member.pk for member in listed}
    present = {member.pk: member for member in present_members}
    strangers = [str(m.user) for pk, m in present.items() if pk not in listed_ids]
    if strangers:
        raise DomainError(
            _("Only members holding a voting seat on this council can be present: %(names)s.")
            % {"names": ", ".join(strangers)}
        )
    problem = _quorum_problem(
        listed=len(listed), present=len(present), quorum_pct=rule_set.vote_quorum_pct
    )
    if problem:
        raise DomainError(problem)
    candidates = list(voting_candidates(award_round).values_list("pk", flat=True))
    if not candidates:
        raise DomainError(_("No dossier of this round is waiting for the vote."))

    box = BallotBox.objects.create(panel=panel, opened_by=by, opened_at=timezone.now())
    box.present.set(present.values())
    _log(
        box=box, action=OPENED, by=by, candidates=candidates, listed=sorted(listed_ids),
        present=sorted(present),
    )  # fmt: skip
    return box


def _parse_choices(choices, candidate_ids):
    parsed = {}
    for key, value in (choices or {}).items():
        try:
            dossier_id = int(key)
        except (TypeError, ValueError):
            dossier_id = None
        if dossier_id not in candidate_ids:
            raise DomainError(_("A vote was sent for a dossier that is not on this ballot."))
        if value not in VoteChoice.values:
            raise DomainError(_("Each vote must be yes, no or abstain."))
        parsed[dossier_id] = value
    if not parsed:
        raise DomainError(_("No vote was sent."))
    return parsed


def _rewrite_votes(box, *, added):
    """Store the box's votes plus ``added`` again, all in one random order, with fresh ids.

    Appending each member's votes would leave them in casting order (SQLite's rowid,
    PostgreSQL's physical order and transaction id), which lines up with the receipts' order.
    Rewriting the whole box at each cast (casts are serialised by the box's row lock) leaves
    one shuffled set whose order and system columns say nothing about who cast what. A council
    box holds at most a few thousand votes, so this stays cheap.
    """
    kept = list(Vote.objects.filter(box=box).values_list("dossier_id", "choice"))
    votes = [Vote(box=box, dossier_id=pk, choice=choice) for pk, choice in [*kept, *added]]
    _shuffle(votes)
    Vote.objects.filter(box=box).delete()
    Vote.objects.bulk_create(votes, batch_size=1000)
    return votes


def cast_votes(*, box, member, choices):
    """Record ``member``'s votes (``{dossier id: "yes" | "no" | "abstain"}``) on ``box``.

    Steps, in one transaction: lock the box and check it is open; check that the member sits on
    the box's council with a voting seat and was recorded present; check every choice (a
    candidate of this ballot, a valid choice); refuse the whole cast, writing nothing, if the
    member already voted on any of the candidates named; write one receipt per candidate (that
    the member voted) and the votes, without any link to the member, rewriting the box's votes
    in one shuffled order (``_rewrite_votes``). A concurrent second cast is caught by the
    receipts' unique constraint and refused the same way. Returns the number of votes cast.
    """
    try:
        with transaction.atomic():
            box = (
                BallotBox.objects.select_for_update(of=("self",))
                .select_related("panel")
                .get(pk=box.pk)
            )
            if box.closed_at is not None:
                raise DomainError(_("This ballot is closed; no more votes can be cast."))
            if member.panel_id != box.panel_id or member.role not in VOTING_ROLES:
                raise DomainError(_("Only the council's voting members can vote on this ballot."))
            if not is_present(box=box, member=member):
                raise DomainError(
                    _("You are not recorded as present at this sitting, so you cannot vote.")
                )
            candidates = {d.pk: d for d in candidates_of(box)}
            parsed = _parse_choices(choices, set(candidates))
            already = voted_dossier_ids(box=box, member=member) & set(parsed)
            if already:
                codes = ", ".join(sorted(candidates[pk].code for pk in already))
                raise DomainError(
                    _("You have already voted on %(codes)s; a vote cannot be cast twice.")
                    % {"codes": codes}
                )
            BallotReceipt.objects.bulk_create(
                BallotReceipt(box=box, member=member, dossier_id=pk) for pk in parsed
            )
            _rewrite_votes(box, added=parsed.items())
    except IntegrityError:
        raise DomainError(
            _("You have already voted on this ballot; a vote cannot be cast twice.")
        ) from None
    return len(parsed)


@transaction.atomic
def close_ballot(*, box, by):
    """Close ``box`` (no more votes) and return it; only the round's secretariat closes."""
    box = (
        BallotBox.objects.select_for_update(of=("self",))
        .select_related("panel__award_round")
        .get(pk=box.pk)
    )
    _require_secretariat(by, box.panel.award_round)
    if box.closed_at is not None:
        raise DomainError(_("This ballot is already closed."))
    box.closed_at = timezone.now()
    box.save(update_fields=["closed_at"])
    _log(box=box, action=CLOSED, by=by)
    return box


@dataclass(frozen=True)
class CandidateCount:
    dossier: Dossier
    yes: int
    no: int
    abstain: int
    voted: int
    approval_pct: Decimal
    approved: bool

    @property
    def approval_display(self):
        return percent(self.approval_pct)


@dataclass(frozen=True)
class Tally:
    box: BallotBox
    listed: int
    present: int
    quorum_pct: Decimal | None
    quorum_needed: int
    quorum_reached: bool
    threshold_pct: Decimal
    denominator_kind: str
    denominator: int
    yes_needed: int
    rows: list

    @property
    def approved_count(self):
        return sum(1 for row in self.rows if row.approved)

    def rule_in_words(self):
        """The rule applied, in a sentence or two, for the tally sheet."""
        if self.denominator_kind == VoteDenominator.PRESENT:
            base = _(
                "A candidate is approved when “yes” votes reach %(pct)s %% of the members "
                "present (%(n)d), that is at least %(needed)d votes."
            )
        else:
            base = _(
                "A candidate is approved when “yes” votes reach %(pct)s %% of all listed members "
                "(%(n)d), present or not, that is at least %(needed)d votes."
            )
        text = base % {
            "pct": percent(self.threshold_pct), "n": self.denominator, "needed": self.yes_needed,
        }  # fmt: skip
        if self.quorum_pct:
            quorum = _(
                "Quorum: at least %(pct)s %% of the %(listed)d listed members present "
                "(%(needed)d); %(present)d were present."
            ) % {
                "pct": percent(self.quorum_pct), "listed": self.listed,
                "needed": self.quorum_needed, "present": self.present,
            }  # fmt: skip
        else:
            quorum = _("The rule set sets no quorum; %(present)d of %(listed)d members were present.") % {
                "present": self.present, "listed": self.listed,
            }  # fmt: skip
        return f"{text} {quorum}"


def tally(*, box):
    """Count a closed ballot and return a ``Tally`` (refused while the ballot is open).

    Per candidate: yes / no / abstain counts and how many members voted; the denominator is
    the listed or the present members (``vote_denominator``); approval % = yes / denominator;
    approved when the quorum was reached and yes × 100 ≥ threshold × denominator (exact, no
    rounding). Two queries for the counts, whatever the number of candidates.
    """
    # Re-read: whether the box is closed is decided by the database, not by a stale object.
    box = BallotBox.objects.select_related("panel__award_round__rule_set").get(pk=box.pk)
    if box.closed_at is None:
        raise DomainError(_("The ballot is still open: votes are counted only after it closes."))
    rule_set = box.panel.award_round.rule_set
    listed = listed_count(box)
    present = box.present.count()
    quorum_pct = rule_set.vote_quorum_pct
    threshold = rule_set.vote_approval_pct or Decimal("0")
    kind = rule_set.vote_denominator
    denominator = present if kind == VoteDenominator.PRESENT else listed
    needed = quorum_needed(listed=listed, quorum_pct=quorum_pct)
    quorum_reached = present >= needed

    counts = {}
    for dossier_id, choice, n in (
        Vote.objects.filter(box=box).values("dossier_id", "choice").annotate(n=Count("pk"))
        .values_list("dossier_id", "choice", "n")
    ):  # fmt: skip
        counts.setdefault(dossier_id, {})[choice] = n
    voted = dict(
        BallotReceipt.objects.filter(box=box).values("dossier_id").annotate(n=Count("pk"))
        .values_list("dossier_id", "n")
    )  # fmt: skip
    rows = []
    for dossier in candidates_of(box):
        own = counts.get(dossier.pk, {})
        yes = own.get(VoteChoice.YES, 0)
        pct = Decimal(yes * 100) / denominator if denominator else Decimal("0")
        rows.append(
            CandidateCount(
                dossier=dossier,
                yes=yes,
                no=own.get(VoteChoice.NO, 0),
                abstain=own.get(VoteChoice.ABSTAIN, 0),
                voted=voted.get(dossier.pk, 0),
                approval_pct=pct.quantize(Decimal("0.01")),
                approved=bool(
                    quorum_reached and denominator and yes * 100 >= threshold * denominator
                ),
            )
        )
    return Tally(
        box=box, listed=listed, present=present, quorum_pct=quorum_pct, quorum_needed=needed,
        quorum_reached=quorum_reached, threshold_pct=threshold, denominator_kind=kind,
        denominator=denominator, yes_needed=_ceil(threshold * denominator / 100), rows=rows,
    )  # fmt: skip


def _note(row, result):
    return _(
        "Secret ballot: %(yes)d yes, %(no)d no, %(abstain)d abstain votes; %(pct)s %% of "
        "%(denominator)d against a threshold of %(threshold)s %%."
    ) % {
        "yes": row.yes, "no": row.no, "abstain": row.abstain, "pct": row.approval_display,
        "denominator": result.denominator, "threshold": percent(result.threshold_pct),
    }  # fmt: skip


@transaction.atomic
def record_ballot_results(*, box, by):
    """Move each candidate of a closed ballot to approved or not approved; return the moves.

    Steps, in one transaction: lock the box; check ``by`` is the round's secretariat, that the
    ballot is closed, that its results were not recorded before and that the quorum was
    reached; tally; for each candidate still in "voting" run the workflow transition
    ("approve" or "not_approve") with the counts as the note (any refusal undoes everything);
    log the recording. Candidates that left "voting" meanwhile (e.g. disqualified) are skipped
    and returned with action None.
    """
    box = (
        BallotBox.objects.select_for_update(of=("self",))
        .select_related("panel__award_round")
        .get(pk=box.pk)
    )
    _require_secretariat(by, box.panel.award_round)
    if box.closed_at is None:
        raise DomainError(_("Close the ballot before recording its results."))
    if results_recorded(box) is not None:
        raise DomainError(_("The results of this ballot were already recorded."))
    result = tally(box=box)
    if not result.quorum_reached:
        raise DomainError(
            _quorum_problem(
                listed=result.listed, present=result.present, quorum_pct=result.quorum_pct
            )
        )
    moves = []
    for row in result.rows:
        dossier = Dossier.objects.get(pk=row.dossier.pk)
        if dossier.state != DossierState.VOTING:
            moves.append((dossier, None))
            continue
        action = "approve" if row.approved else "not_approve"
        dossier = run_transition(dossier=dossier, action=action, by=by, note=_note(row, result))
        moves.append((dossier, action))
    _log(
        box=box, action=RECORDED, by=by,
        approved=[d.pk for d, a in moves if a == "approve"],
        not_approved=[d.pk for d, a in moves if a == "not_approve"],
        skipped=[d.pk for d, a in moves if a is None],
    )  # fmt: skip
    return moves
