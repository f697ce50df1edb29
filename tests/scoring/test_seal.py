"""Closing scoring: refusal on missing sheets, the snapshot, the seal and verify_scores."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from awards.enums import DossierState
from awards.errors import DomainError
from awards.models import DossierTransition
from scoring.models import Assignment, Conflict, ResultSnapshot, ScoreLine, ScoreSheet
from scoring.seal import chain_head, close_scoring, missing_sheets, verify_seal
from scoring.sheets import get_or_start_sheet, save_draft, sheet_hash, submit_sheet
from tests.factories import SecretaryFactory
from tests.scoring.factories_results import add_council, add_dossier, results_round, score

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture
def scored_round():
    """Two judges, two dossiers, every sheet submitted."""
    scene = results_round(judges=2)
    first, second = add_dossier(scene), add_dossier(scene)
    a, b = scene.judges
    score(a, first, 50, 30)
    score(b, second, 40, 20)
    score(b, first, 45, 30)
    score(a, second, 35, 25)
    return scene


def verify(code):
    out, err = io.StringIO(), io.StringIO()
    call_command("verify_scores", code, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_close_scoring_refuses_when_sheets_are_missing_unless_confirmed():
    scene = results_round(judges=2)
    dossier = add_dossier(scene)
    score(scene.judges[0], dossier, 50, 30)

    with pytest.raises(DomainError) as refused:
        close_scoring(award_round=scene.award_round, by=scene.secretary)

    assert "1 score sheet is missing" in refused.value.message
    assert refused.value.problems == [f"{dossier.code}: no sheet from Giám khảo B"]
    dossier.refresh_from_db()
    assert dossier.state == DossierState.IN_SCORING
    assert not ResultSnapshot.objects.exists()


def test_close_scoring_with_confirmation_records_who_confirmed_the_missing_sheets():
    scene = results_round(judges=2)
    dossier = add_dossier(scene)
    score(scene.judges[0], dossier, 50, 30)

    snapshot = close_scoring(
        award_round=scene.award_round, by=scene.secretary, confirm_missing=True
    )

    assert snapshot.missing_sheets == 1
    assert snapshot.missing_sheets_confirmed_by == scene.secretary
    assert snapshot.created_by == scene.secretary
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SCORED
    log = DossierTransition.objects.get(dossier=dossier, name="close_scoring")
    assert log.by == scene.secretary
    scene.award_round.refresh_from_db()
    assert scene.award_round.scoring_closes is not None


def test_without_assignments_every_jury_member_is_expected_on_every_dossier():
    scene = results_round(judges=3)
    first, second = add_dossier(scene), add_dossier(scene)
    score(scene.judges[0], first, 50, 30)

    missing = missing_sheets(award_round=scene.award_round)

    assert len(missing) == 5
    assert {(m.dossier_code, m.judge) for m in missing} >= {(second.code, "Giám khảo A")}


def test_assignments_and_conflicts_decide_who_is_expected():
    scene = results_round(judges=3)
    a, _b, c = scene.judges
    assigned = add_dossier(scene)
    Assignment.objects.create(member=a, dossier=assigned)
    everyone = add_dossier(scene)
    Conflict.objects.create(member=c, dossier=everyone, reason="Người thân")
    score(a, assigned, 50, 30)

    missing = missing_sheets(award_round=scene.award_round)

    assert [(m.dossier_code, m.judge) for m in missing] == [
        (everyone.code, "Giám khảo A"),
        (everyone.code, "Giám khảo B"),
    ]


def test_only_the_round_secretariat_may_close_scoring(scored_round):
    chair = add_council(scored_round, role="chair")
    outsider = SecretaryFactory(agency=None)

    for person in (chair.user, outsider, scored_round.judges[0].user):
        with pytest.raises(DomainError):
            close_scoring(award_round=scored_round.award_round, by=person)

    assert not ResultSnapshot.objects.exists()


def test_closing_twice_is_refused(scored_round):
    close_scoring(award_round=scored_round.award_round, by=scored_round.secretary)

    with pytest.raises(DomainError, match="nothing to close"):
        close_scoring(award_round=scored_round.award_round, by=scored_round.secretary)

    assert ResultSnapshot.objects.count() == 1


def test_snapshot_chains_sheet_hashes_in_submission_order(scored_round):
    snapshot = close_scoring(award_round=scored_round.award_round, by=scored_round.secretary)

    sheets = list(ScoreSheet.objects.order_by("submitted_at", "pk"))
    digests = [sheet_hash(sheet) for sheet in sheets]
    expected = sha(scored_round.award_round.code)
    for digest in digests:
        expected = sha(expected + digest)
    assert snapshot.chain_head == expected
    assert snapshot.chain_head == chain_head(scored_round.award_round.code, digests)
    assert snapshot.sheet_hashes == [
        {
            "sheet": sheet.pk,
            "hash": digest,
            "dossier": sheet.dossier.code,
            "judge": sheet.member.user.full_name,
        }
        for sheet, digest in zip(sheets, digests, strict=True)
    ]


def test_digests_read_in_chunks_equal_the_sheet_hashes(scored_round, monkeypatch):
    from scoring import seal

    monkeypatch.setattr(seal, "DIGEST_CHUNK", 1)
    sheets = list(ScoreSheet.objects.order_by("pk"))

    digests = seal.sheet_digests(sheet.pk for sheet in sheets)

    assert digests == {sheet.pk: sheet_hash(sheet) for sheet in sheets}


def test_snapshot_keeps_the_ranking_rows(scored_round):
    snapshot = close_scoring(award_round=scored_round.award_round, by=scored_round.secretary)

    first, second = scored_round.dossiers
    rows = {row["code"]: row for row in snapshot.results}
    assert rows[first.code]["official"] == "77.50"
    assert rows[first.code]["rank"] == 1
    assert rows[second.code]["official"] == "60.00"
    assert rows[second.code]["passed"] is False
    assert rows[first.code]["group_means"] == {"1": "47.50", "2": "30.00"}


def test_conflicted_sheet_is_not_sealed(scored_round):
    a = scored_round.judges[0]
    first = scored_round.dossiers[0]
    Conflict.objects.create(member=a, dossier=first, reason="Người thân")

    snapshot = close_scoring(
        award_round=scored_round.award_round, by=scored_round.secretary, confirm_missing=True
    )

    sealed = {(entry["dossier"], entry["judge"]) for entry in snapshot.sheet_hashes}
    assert (first.code, "Giám khảo A") not in sealed
    assert len(snapshot.sheet_hashes) == 3


def test_hash_stored_at_submission_is_the_sealed_hash():
    scene = results_round(judges=1)
    dossier = add_dossier(scene)
    judge = scene.judges[0]
    Assignment.objects.create(member=judge, dossier=dossier)
    sheet = get_or_start_sheet(member=judge, dossier=dossier)
    leaves = scene.leaves()
    points = {
        leaves[code].pk: value
        for code, value in (("1.1", "25"), ("1.2", "20.5"), ("2.1", "15"), ("2.2", "10.25"))
    }
    save_draft(sheet=sheet, points=points, comment="Mẫu mã đẹp", by=judge.user)
    submitted = submit_sheet(sheet=sheet, by=judge.user)

    snapshot = close_scoring(award_round=scene.award_round, by=scene.secretary)

    assert snapshot.sheet_hashes[0]["hash"] == submitted.content_hash


def test_verify_scores_prints_ok_and_the_chain_head(scored_round):
    snapshot = close_scoring(award_round=scored_round.award_round, by=scored_round.secretary)

    out, err = verify(scored_round.award_round.code)

    assert out.startswith(f"OK {snapshot.chain_head}")
    assert err == ""


def test_verify_scores_names_a_sheet_tampered_in_the_database(scored_round):
    close_scoring(award_round=scored_round.award_round, by=scored_round.secretary)
    second = scored_round.dossiers[1]
    tampered = ScoreSheet.objects.get(dossier=second, member=scored_round.judges[0])
    line = tampered.lines.order_by("pk").first()
    ScoreLine.objects.filter(pk=line.pk).update(points=line.points + 5)

    with pytest.raises(CommandError, match="do not match"):
        verify(scored_round.award_round.code)

    _snapshot, _head, problems = verify_seal(award_round=scored_round.award_round)
    assert [(p.kind, p.sheet_id, p.dossier_code, p.judge) for p in problems] == [
        ("changed", tampered.pk, second.code, "Giám khảo A")
    ]


def test_verify_scores_writes_the_tampered_sheet_to_stderr(scored_round):
    close_scoring(award_round=scored_round.award_round, by=scored_round.secretary)
    first = scored_round.dossiers[0]
    tampered = ScoreSheet.objects.get(dossier=first, member=scored_round.judges[1])
    ScoreSheet.objects.filter(pk=tampered.pk).update(comment="sửa lén")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command(
            "verify_scores", scored_round.award_round.code, stdout=io.StringIO(), stderr=err
        )

    assert f"dossier {first.code}, judge Giám khảo B, sheet {tampered.pk}" in err.getvalue()


def test_verify_scores_finds_deleted_and_unsealed_sheets(scored_round):
    close_scoring(award_round=scored_round.award_round, by=scored_round.secretary)
    first = scored_round.dossiers[0]
    ScoreSheet.objects.filter(dossier=first, member=scored_round.judges[0]).delete()
    late = add_dossier(scored_round, state=DossierState.SCORED)
    added = score(scored_round.judges[0], late, 50, 30)

    _snapshot, _head, problems = verify_seal(award_round=scored_round.award_round)

    assert sorted((p.kind, p.dossier_code) for p in problems) == [
        ("added", late.code),
        ("deleted", first.code),
    ]
    assert any(p.sheet_id == added.pk for p in problems)


def test_verify_scores_detects_an_edited_snapshot(scored_round):
    snapshot = close_scoring(award_round=scored_round.award_round, by=scored_round.secretary)
    entries = list(snapshot.sheet_hashes)
    entries[0] = {**entries[0], "hash": "0" * 64}
    ResultSnapshot.objects.filter(pk=snapshot.pk).update(sheet_hashes=entries)

    _snapshot, _head, problems = verify_seal(award_round=scored_round.award_round)

    assert {p.kind for p in problems} == {"snapshot", "changed"}


def test_verify_scores_without_a_snapshot_or_round_fails(scored_round):
    with pytest.raises(CommandError, match="not been closed"):
        verify(scored_round.award_round.code)
    with pytest.raises(CommandError, match="No round"):
        verify("khong-co-vong-nay")
