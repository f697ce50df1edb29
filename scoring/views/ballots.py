"""Secret ballot pages.

Council members: their open ballots, and the voting page of one ballot (one form, then "your
vote is recorded", never their choices). The round's secretariat: the councils and their
ballots, opening a ballot with the members present, progress (who has voted — counts only
after closing), closing, the printable tally sheet, and recording the results. Everyone else
gets 404. No page shows who voted how.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import access
from awards.errors import DomainError
from awards.views.secretariat import round_for_secretariat
from scoring import ballots
from scoring.enums import PanelKind, SeatRole, VoteChoice
from scoring.models import BallotBox, Panel


def _box(pk):
    return get_object_or_404(
        BallotBox.objects.select_related(
            "panel__award_round__rule_set",
            "panel__award_round__organiser",
            "panel__award_round__unit",
            "opened_by",
        ),
        pk=pk,
    )


def _box_for_secretariat(request, pk):
    box = _box(pk)
    if not access.is_round_secretariat(request.user, box.panel.award_round):
        raise Http404
    return box


def _box_context(box, **extra):
    return {"box": box, "panel": box.panel, "award_round": box.panel.award_round, **extra}


# --- council members -------------------------------------------------------------------------


@login_required
def my_ballots(request):
    boxes = list(ballots.open_boxes_for(user=request.user))
    return render(request, "scoring/ballot_mine.html", {"boxes": boxes})


@login_required
def ballot_vote(request, pk):
    box = _box(pk)
    member = ballots.member_seat(box=box, user=request.user)
    if member is None:
        if access.is_round_secretariat(request.user, box.panel.award_round):
            return redirect("scoring:ballot_progress", pk=box.pk)
        raise Http404
    present = ballots.is_present(box=box, member=member)
    candidates = ballots.candidates_of(box)
    done = ballots.voted_dossier_ids(box=box, member=member)
    remaining = [d for d in candidates if d.pk not in done]
    selected, error, status = {}, "", 200
    if request.method == "POST" and box.closed_at is None and present and remaining:
        selected = {
            d.pk: request.POST.get(f"choice-{d.pk}", "")
            for d in remaining
            if request.POST.get(f"choice-{d.pk}", "") in VoteChoice.values
        }
        missing = [d.code for d in remaining if d.pk not in selected]
        if missing:
            error = _("Choose yes, no or abstain for every candidate: %(codes)s.") % {
                "codes": ", ".join(missing)
            }
            status = 422
        else:
            try:
                ballots.cast_votes(box=box, member=member, choices=selected)
            except DomainError as refusal:
                error, status = refusal.message, 422
            else:
                messages.success(request, _("Your vote is recorded. Thank you."))
                return redirect("scoring:ballot_vote", pk=box.pk)
    context = _box_context(
        box, member=member, present=present, candidates=candidates, remaining=remaining,
        voted_all=bool(candidates) and not remaining, selected=selected, error=error,
        choices=VoteChoice.choices,
    )  # fmt: skip
    return render(request, "scoring/ballot_vote.html", context, status=status)


# --- the secretariat ------------------------------------------------------------------------


@login_required
def ballot_index(request, code):
    award_round = round_for_secretariat(request, code)
    councils = list(Panel.objects.filter(award_round=award_round, kind=PanelKind.COUNCIL))
    boxes = (
        BallotBox.objects.filter(panel__award_round=award_round)
        .select_related("panel", "opened_by")
        .order_by("-opened_at")
    )
    recorded = set(
        award_round.events.filter(action=ballots.RECORDED).values_list("data__box", flat=True)
    )
    for box in boxes:
        box.recorded = box.pk in recorded
    context = {
        "award_round": award_round,
        "councils": councils,
        "boxes": boxes,
        "waiting": ballots.voting_candidates(award_round).count(),
    }
    return render(request, "scoring/ballot_index.html", context)


@login_required
def ballot_open(request, code, panel_id):
    award_round = round_for_secretariat(request, code)
    panel = get_object_or_404(Panel, pk=panel_id, award_round=award_round, kind=PanelKind.COUNCIL)
    members = list(ballots.voting_members(panel))
    chosen = {m.pk for m in members}
    error, status = "", 200
    if request.method == "POST":
        chosen = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        try:
            box = ballots.open_ballot(
                panel=panel, present_members=[m for m in members if m.pk in chosen],
                by=request.user,
            )  # fmt: skip
        except DomainError as refusal:
            error, status = refusal.message, 422
        else:
            messages.success(request, _("The ballot is open. Members present can vote now."))
            return redirect("scoring:ballot_progress", pk=box.pk)
    rule_set = award_round.rule_set
    context = {
        "award_round": award_round,
        "panel": panel,
        "members": members,
        "chosen": chosen,
        "candidates": list(ballots.voting_candidates(award_round)),
        "rule_set": rule_set,
        "quorum_needed": ballots.quorum_needed(
            listed=len(members), quorum_pct=rule_set.vote_quorum_pct
        ),
        "quorum_pct": ballots.percent(rule_set.vote_quorum_pct or 0),
        "threshold_pct": ballots.percent(rule_set.vote_approval_pct or 0),
        "error": error,
    }
    return render(request, "scoring/ballot_open.html", context, status=status)


@login_required
def ballot_progress(request, pk):
    box = _box_for_secretariat(request, pk)
    candidates = ballots.candidates_of(box)
    voters = ballots.turnout(box=box)
    context = _box_context(
        box, candidates=candidates, voters=voters,
        finished=sum(1 for v in voters if v.receipts >= len(candidates)),
        recorded=ballots.results_recorded(box),
        vote_url=request.build_absolute_uri(reverse("scoring:ballot_vote", args=[box.pk])),
    )  # fmt: skip
    return render(request, "scoring/ballot_progress.html", context)


@login_required
@require_POST
def ballot_close(request, pk):
    box = _box_for_secretariat(request, pk)
    try:
        ballots.close_ballot(box=box, by=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return redirect("scoring:ballot_progress", pk=box.pk)
    messages.success(request, _("The ballot is closed. The tally sheet is ready."))
    return redirect("scoring:ballot_tally", pk=box.pk)


@login_required
def ballot_tally(request, pk):
    box = _box_for_secretariat(request, pk)
    try:
        result = ballots.tally(box=box)
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return redirect("scoring:ballot_progress", pk=box.pk)
    seats = {
        seat.role: seat
        for seat in box.panel.members.filter(role__in=[SeatRole.CHAIR, SeatRole.SECRETARY])
        .select_related("user")
        .order_by("-pk")
    }
    award_round = box.panel.award_round
    context = _box_context(
        box, tally=result, chair=seats.get(SeatRole.CHAIR), secretary=seats.get(SeatRole.SECRETARY),
        place=award_round.unit.name if award_round.unit_id else "",
        sitting_day=timezone.localtime(box.closed_at), recorded=ballots.results_recorded(box),
    )  # fmt: skip
    return render(request, "scoring/ballot_tally.html", context)


@login_required
@require_POST
def ballot_record(request, pk):
    box = _box_for_secretariat(request, pk)
    try:
        moves = ballots.record_ballot_results(box=box, by=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        approved = sum(1 for _dossier, action in moves if action == "approve")
        messages.success(
            request,
            _("The results are recorded: %(approved)d of %(total)d candidates approved.")
            % {"approved": approved, "total": len(moves)},
        )
    return redirect("scoring:ballot_tally", pk=box.pk)
