from decimal import Decimal

import pytest
from django.db import models
from django.utils import translation

from awards.enums import DossierState
from awards.errors import DomainError
from awards.models import DossierTransition, RoundEvent
from scoring.ballots import (
    candidates_of,
    cast_votes,
    close_ballot,
    open_ballot,
    record_ballot_results,
    tally,
    voted_dossier_ids,
)
from scoring.enums import PanelKind
from scoring.models import BallotBox, BallotReceipt, PanelMember, Vote
from tests.factories import ArtisanDossierFactory, PanelFactory, PanelMemberFactory, UserFactory
from tests.scoring.factories_ballots import ballot_scene

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in their English source form."""
    with translation.override("en"):
        yield


def _open(scene, present):
    return open_ballot(panel=scene.council, present_members=present, by=scene.secretary)


def _vote_all(box, members, choice, dossier):
    for member in members:
        cast_votes(box=box, member=member, choices={dossier.pk: choice})


def _ten_listed_eight_present_seven_yes(denominator):
    scene = ballot_scene(listed=10, quorum="75", approval="80", denominator=denominator)
    present = scene.members[:8]
    box = _open(scene, present)
    candidate = scene.candidates[0]
    _vote_all(box, present[:7], "yes", candidate)
    _vote_all(box, present[7:], "no", candidate)
    close_ballot(box=box, by=scene.secretary)
    return box


# --- opening: quorum of the listed members -----------------------------------------------


def test_open_ballot_below_quorum_of_listed_members_refused_naming_the_figures():
    scene = ballot_scene(listed=12, quorum="75")

    with pytest.raises(DomainError) as refusal:
        _open(scene, scene.members[:8])

    message = str(refusal.value)
    assert "8 of 12 listed members" in message
    assert "75 %" in message and "that is 9" in message
    assert not BallotBox.objects.exists()


def test_open_ballot_with_quorum_of_listed_members_opens():
    scene = ballot_scene(listed=12, quorum="75")

    box = _open(scene, scene.members[:9])

    assert box.closed_at is None
    assert set(box.present.values_list("pk", flat=True)) == {m.pk for m in scene.members[:9]}
    assert box.opened_by == scene.secretary


def test_open_ballot_takes_only_dossiers_in_voting_as_candidates():
    scene = ballot_scene(candidates=2)
    ArtisanDossierFactory(award_round=scene.award_round, state=DossierState.ACCEPTED)
    ArtisanDossierFactory(award_round=scene.award_round, state=DossierState.IN_CONSULTATION)

    box = _open(scene, scene.members)

    assert {d.pk for d in candidates_of(box)} == {d.pk for d in scene.candidates}


def test_open_ballot_candidates_stay_fixed_when_another_dossier_enters_voting_later():
    scene = ballot_scene(candidates=1)
    box = _open(scene, scene.members)

    ArtisanDossierFactory(award_round=scene.award_round, state=DossierState.VOTING)

    assert [d.pk for d in candidates_of(box)] == [scene.candidates[0].pk]


def test_open_ballot_by_someone_outside_the_secretariat_refused():
    scene = ballot_scene()

    with pytest.raises(DomainError, match="secretariat"):
        open_ballot(panel=scene.council, present_members=scene.members, by=scene.chair.user)

    assert not BallotBox.objects.exists()


def test_open_ballot_second_open_ballot_of_the_council_refused():
    scene = ballot_scene()
    _open(scene, scene.members)

    with pytest.raises(DomainError, match="already open"):
        _open(scene, scene.members)

    assert BallotBox.objects.count() == 1


def test_open_ballot_for_a_jury_refused():
    scene = ballot_scene()
    jury = PanelFactory(award_round=scene.award_round, kind=PanelKind.JURY)
    judge = PanelMemberFactory(panel=jury)

    with pytest.raises(DomainError, match="council"):
        open_ballot(panel=jury, present_members=[judge], by=scene.secretary)


def test_open_ballot_with_a_member_of_another_council_present_refused():
    scene = ballot_scene(listed=4, quorum="50")
    other = ballot_scene(listed=2)

    with pytest.raises(DomainError, match="voting seat"):
        _open(scene, [*scene.members[:2], other.members[0]])


def test_open_ballot_council_secretary_seat_is_not_a_listed_member():
    scene = ballot_scene(listed=4, quorum="100")

    with pytest.raises(DomainError, match="voting seat"):
        _open(scene, [*scene.members, scene.minute_taker])


def test_open_ballot_without_an_approval_threshold_refused():
    scene = ballot_scene(approval=None)

    with pytest.raises(DomainError, match="approval threshold"):
        _open(scene, scene.members)


def test_open_ballot_with_no_candidate_in_voting_refused():
    scene = ballot_scene(candidates=0)

    with pytest.raises(DomainError, match="waiting for the vote"):
        _open(scene, scene.members)


# --- casting votes --------------------------------------------------------------------------


def test_cast_votes_writes_a_receipt_and_an_anonymous_vote_per_candidate():
    scene = ballot_scene(candidates=2)
    box = _open(scene, scene.members)
    first, second = scene.candidates

    cast_votes(box=box, member=scene.members[1], choices={first.pk: "yes", second.pk: "abstain"})

    assert voted_dossier_ids(box=box, member=scene.members[1]) == {first.pk, second.pk}
    assert sorted(Vote.objects.filter(box=box).values_list("dossier_id", "choice")) == sorted(
        [(first.pk, "yes"), (second.pk, "abstain")]
    )


def test_cast_votes_second_vote_by_the_same_member_refused_and_nothing_written():
    scene = ballot_scene(candidates=2)
    box = _open(scene, scene.members)
    first, second = scene.candidates
    member = scene.members[1]
    cast_votes(box=box, member=member, choices={first.pk: "yes"})

    with pytest.raises(DomainError, match="already voted") as refusal:
        cast_votes(box=box, member=member, choices={first.pk: "no", second.pk: "yes"})

    assert first.code in str(refusal.value)
    assert Vote.objects.filter(box=box).count() == 1
    assert list(Vote.objects.values_list("choice", flat=True)) == ["yes"]
    assert BallotReceipt.objects.filter(box=box).count() == 1


def test_cast_votes_by_a_member_not_present_refused():
    scene = ballot_scene(listed=4, quorum="50")
    box = _open(scene, scene.members[:3])

    with pytest.raises(DomainError, match="not recorded as present"):
        cast_votes(box=box, member=scene.members[3], choices={scene.candidates[0].pk: "yes"})

    assert not Vote.objects.exists()


def test_cast_votes_on_a_closed_ballot_refused():
    scene = ballot_scene()
    box = _open(scene, scene.members)
    close_ballot(box=box, by=scene.secretary)

    with pytest.raises(DomainError, match="closed"):
        cast_votes(box=box, member=scene.members[0], choices={scene.candidates[0].pk: "yes"})

    assert not Vote.objects.exists()


def test_cast_votes_with_an_unknown_choice_or_dossier_refused():
    scene = ballot_scene()
    box = _open(scene, scene.members)
    outsider = ArtisanDossierFactory(award_round=scene.award_round, state=DossierState.ACCEPTED)

    with pytest.raises(DomainError, match="yes, no or abstain"):
        cast_votes(box=box, member=scene.members[0], choices={scene.candidates[0].pk: "maybe"})
    with pytest.raises(DomainError, match="not on this ballot"):
        cast_votes(box=box, member=scene.members[0], choices={outsider.pk: "yes"})

    assert not Vote.objects.exists() and not BallotReceipt.objects.exists()


def test_vote_rows_have_no_link_to_the_member_and_no_time():
    fields = {f.name: f for f in Vote._meta.get_fields()}

    assert set(fields) == {"id", "box", "dossier", "choice"}
    related = {f.related_model for f in fields.values() if f.is_relation}
    assert PanelMember not in related and UserFactory._meta.model not in related
    assert not any(
        isinstance(f, models.DateField | models.DateTimeField | models.AutoField)
        for f in fields.values()
    )
    assert isinstance(fields["id"], models.UUIDField)


def test_cast_votes_rewrites_the_box_so_earlier_votes_cannot_be_told_apart():
    scene = ballot_scene(listed=4, candidates=2, quorum="50")
    box = _open(scene, scene.members)
    first, second = scene.candidates
    cast_votes(box=box, member=scene.members[0], choices={first.pk: "yes", second.pk: "no"})
    before = set(Vote.objects.values_list("id", flat=True))

    cast_votes(box=box, member=scene.members[1], choices={first.pk: "no", second.pk: "no"})

    after = set(Vote.objects.values_list("id", flat=True))
    assert len(after) == 4 and not before & after
    assert sorted(Vote.objects.values_list("dossier_id", "choice")) == sorted(
        [(first.pk, "yes"), (first.pk, "no"), (second.pk, "no"), (second.pk, "no")]
    )


def test_vote_ids_are_random_not_in_casting_order():
    scene = ballot_scene(listed=6, candidates=1, quorum="50")
    box = _open(scene, scene.members)

    _vote_all(box, scene.members, "yes", scene.candidates[0])

    ids = list(Vote.objects.values_list("id", flat=True))
    assert len(set(ids)) == 6
    assert all(i.version == 4 for i in ids)


# --- tally: listed versus present members ---------------------------------------------------


def test_tally_approval_against_listed_members_not_approved():
    box = _ten_listed_eight_present_seven_yes("listed")

    result = tally(box=box)

    row = result.rows[0]
    assert (row.yes, row.no, row.abstain, row.voted) == (7, 1, 0, 8)
    assert (result.listed, result.present, result.denominator) == (10, 8, 10)
    assert row.approval_pct == Decimal("70.00")
    assert result.quorum_reached
    assert row.approved is False
    assert result.yes_needed == 8


def test_tally_approval_against_present_members_approved():
    box = _ten_listed_eight_present_seven_yes("present")

    result = tally(box=box)

    row = result.rows[0]
    assert result.denominator == 8
    assert row.approval_pct == Decimal("87.50")
    assert row.approved is True
    assert row.approval_display == "87.5"


def test_tally_exactly_at_the_threshold_is_approved():
    scene = ballot_scene(listed=10, quorum="75", approval="80")
    box = _open(scene, scene.members)
    candidate = scene.candidates[0]
    _vote_all(box, scene.members[:8], "yes", candidate)
    _vote_all(box, scene.members[8:], "abstain", candidate)
    close_ballot(box=box, by=scene.secretary)

    row = tally(box=box).rows[0]

    assert (row.yes, row.abstain, row.approval_pct, row.approved) == (8, 2, Decimal("80.00"), True)


def test_tally_rule_in_words_names_threshold_denominator_and_quorum():
    box = _ten_listed_eight_present_seven_yes("listed")

    words = tally(box=box).rule_in_words()

    assert "80 %" in words and "all listed members (10)" in words and "at least 8 votes" in words
    assert "75 %" in words and "8 were present" in words


def test_tally_while_the_ballot_is_open_refused():
    scene = ballot_scene()
    box = _open(scene, scene.members)

    with pytest.raises(DomainError, match="still open"):
        tally(box=box)


def test_tally_counts_members_who_did_not_vote_against_the_listed_denominator():
    scene = ballot_scene(listed=4, quorum="50", approval="50")
    box = _open(scene, scene.members)
    cast_votes(box=box, member=scene.members[0], choices={scene.candidates[0].pk: "yes"})
    close_ballot(box=box, by=scene.secretary)

    row = tally(box=box).rows[0]

    assert (row.yes, row.voted, row.approval_pct, row.approved) == (1, 1, Decimal("25.00"), False)


# --- closing and recording ------------------------------------------------------------------


def test_close_ballot_twice_refused():
    scene = ballot_scene()
    box = _open(scene, scene.members)
    close_ballot(box=box, by=scene.secretary)

    with pytest.raises(DomainError, match="already closed"):
        close_ballot(box=box, by=scene.secretary)


def test_close_ballot_by_a_council_member_refused():
    scene = ballot_scene()
    box = _open(scene, scene.members)

    with pytest.raises(DomainError, match="secretariat"):
        close_ballot(box=box, by=scene.chair.user)

    box.refresh_from_db()
    assert box.closed_at is None


def test_record_ballot_results_moves_candidates_with_a_log_row():
    scene = ballot_scene(listed=4, candidates=2, quorum="75", approval="75")
    box = _open(scene, scene.members)
    passing, failing = scene.candidates
    for index, member in enumerate(scene.members):
        cast_votes(
            box=box, member=member,
            choices={passing.pk: "yes", failing.pk: "yes" if index == 0 else "no"},
        )  # fmt: skip
    close_ballot(box=box, by=scene.secretary)

    moves = record_ballot_results(box=box, by=scene.secretary)

    passing.refresh_from_db()
    failing.refresh_from_db()
    assert passing.state == DossierState.APPROVED
    assert failing.state == DossierState.NOT_APPROVED
    assert sorted(action for _d, action in moves) == ["approve", "not_approve"]
    logs = {log.dossier_id: log for log in DossierTransition.objects.filter(by=scene.secretary)}
    assert logs[passing.pk].name == "approve" and logs[passing.pk].source == DossierState.VOTING
    assert "4 yes" in logs[passing.pk].note and "100 %" in logs[passing.pk].note
    assert logs[failing.pk].name == "not_approve" and "1 yes, 3 no" in logs[failing.pk].note
    assert RoundEvent.objects.filter(action="ballot_results_recorded", data__box=box.pk).exists()


def test_record_ballot_results_twice_refused():
    scene = ballot_scene(listed=4, quorum="50")
    box = _open(scene, scene.members)
    close_ballot(box=box, by=scene.secretary)
    record_ballot_results(box=box, by=scene.secretary)

    with pytest.raises(DomainError, match="already recorded"):
        record_ballot_results(box=box, by=scene.secretary)


def test_record_ballot_results_on_an_open_ballot_refused():
    scene = ballot_scene()
    box = _open(scene, scene.members)

    with pytest.raises(DomainError, match="Close the ballot"):
        record_ballot_results(box=box, by=scene.secretary)

    scene.candidates[0].refresh_from_db()
    assert scene.candidates[0].state == DossierState.VOTING


def test_record_ballot_results_skips_a_candidate_that_left_voting():
    scene = ballot_scene(listed=4, candidates=2, quorum="50", approval="50")
    box = _open(scene, scene.members)
    close_ballot(box=box, by=scene.secretary)
    gone = scene.candidates[1]
    type(gone).objects.filter(pk=gone.pk).update(state=DossierState.DISQUALIFIED)

    moves = record_ballot_results(box=box, by=scene.secretary)

    assert {d.pk: action for d, action in moves} == {
        scene.candidates[0].pk: "not_approve",
        gone.pk: None,
    }
