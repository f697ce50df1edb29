"""``manage.py load_demo``: the demo covers every state, through the real workflow, once.

The demo is built once for the module (it takes seconds) inside a transaction that is
rolled back at the end, so other test modules still start from an empty database.
"""

import datetime
import hashlib
import math
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from awards import registry
from awards.access import roles_in_round
from awards.decisions import dossier_certificate
from awards.demo import people
from awards.demo.decided import certificate_to_try
from awards.enums import ARTISAN_STATES, PRODUCT_STATES, DossierState, Role
from awards.models import AwardRound, Certificate, ConsultationComment, Dossier, ListEntry, User
from scoring.enums import PanelKind, SeatRole, SheetStatus
from scoring.models import PanelMember, ResultSnapshot, ScoreSheet
from scoring.seal import verify_seal

pytestmark = pytest.mark.django_db
S = DossierState


@pytest.fixture(scope="module")
def demo_build(django_db_setup, django_db_blocker, tmp_path_factory):
    """(console output, media folder) of one ``load_presets`` + ``load_demo`` run."""
    media_root = tmp_path_factory.mktemp("demo-media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        override_settings(MEDIA_ROOT=media_root, PASSWORD_HASHERS=fast),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("load_presets", stdout=StringIO())
        output = StringIO()
        call_command("load_demo", stdout=output)
        yield output.getvalue(), media_root
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_build, settings):
    """The demo database, with the demo's files readable from this test."""
    output, settings.MEDIA_ROOT = demo_build
    return output


def _round(code_start):
    return AwardRound.objects.get(code__startswith=code_start)


def _mean(dossier):
    totals = [s.total for s in dossier.score_sheets.all() if s.status == SheetStatus.SUBMITTED]
    return sum(totals) / len(totals)


def test_provincial_round_has_about_forty_dossiers_in_every_product_state(demo):
    award_round = _round("dn-sp-")
    states = Counter(award_round.dossiers.values_list("state", flat=True))
    assert 38 <= sum(states.values()) <= 45
    assert set(states) == set(PRODUCT_STATES)
    assert states[S.IN_SCORING] + states[S.SCORED] + states[S.RECOGNISED] >= 20
    assert award_round.parent.level == "national"
    assert set(award_round.dossiers.values_list("product_group", flat=True)) == {"1", "2", "3", "4"}


def test_skilled_worker_round_has_about_twenty_candidates_across_artisan_states(demo):
    award_round = _round("dn-tg-")
    states = Counter(award_round.dossiers.values_list("state", flat=True))
    assert 18 <= sum(states.values()) <= 25
    expected = {
        S.DRAFT, S.SUBMITTED, S.RETURNED, S.ACCEPTED, S.IN_CONSULTATION, S.VOTING, S.APPROVED,
        S.NOT_APPROVED, S.AWARDED, S.WITHDRAWN, S.REJECTED,
    }  # fmt: skip
    assert expected <= set(states) <= set(ARTISAN_STATES)
    assert award_round.titles == ["skilled_worker"]
    assert award_round.consultation_is_over()
    identities = award_round.dossiers.values_list("artisan__identity_number", flat=True)
    assert all(len(number) == 12 and number.isdigit() for number in identities)


def test_every_dossier_reached_its_state_through_a_logged_transition(demo):
    for dossier in Dossier.objects.prefetch_related("transitions"):
        log = list(dossier.transitions.all())
        if dossier.state == S.DRAFT:
            assert log == []
            continue
        assert log[-1].target == dossier.state, dossier.code
        assert [t.at for t in log] == sorted(t.at for t in log)
        assert log[0].name == "submit" and log[0].by == dossier.owner
        assert dossier.revisions.exists()


def test_returned_dossiers_carry_the_missing_items_and_a_future_deadline(demo):
    returned = Dossier.objects.filter(state=S.RETURNED)
    assert returned.count() >= 2
    for dossier in returned:
        note = dossier.transitions.last().note
        assert note.startswith("Đề nghị bổ sung: (1)") and "Thời hạn bổ sung" in note
        assert dossier.supplement_deadline > timezone.now()


def test_jury_has_nine_members_and_one_head(demo):
    seats = PanelMember.objects.filter(
        panel__award_round=_round("dn-sp-"), panel__kind=PanelKind.JURY
    )
    assert seats.count() == 9
    assert seats.filter(role=SeatRole.CHAIR).count() == 1
    assert seats.filter(user__username="giamkhao").exists()


def test_submitted_sheets_have_totals_that_sum_their_lines(demo):
    submitted = ScoreSheet.objects.filter(status=SheetStatus.SUBMITTED).prefetch_related("lines")
    assert submitted.count() >= 150
    for sheet in submitted:
        lines = list(sheet.lines.all())
        assert len(lines) == 14
        assert sheet.submitted_at is not None
        assert sheet.total == sum(line.points for line in lines)
        assert all(0 <= line.points <= line.max_points for line in lines)


def test_draft_sheets_with_unscored_lines_have_no_total(demo):
    drafts = ScoreSheet.objects.filter(status=SheetStatus.DRAFT, lines__points__isnull=True)
    assert drafts.exists()
    assert all(sheet.total is None for sheet in drafts.distinct())


def test_decisions_match_the_pass_mark_and_the_quorum(demo):
    award_round = _round("dn-sp-")
    quorum = math.ceil(9 * 2 / 3)
    for dossier in award_round.dossiers.filter(state__in=[S.RECOGNISED, S.REVOKED]):
        assert _mean(dossier) >= 70
        assert dossier.score_sheets.filter(status=SheetStatus.SUBMITTED).count() >= quorum
    for dossier in award_round.dossiers.filter(state=S.NOT_RECOGNISED):
        assert _mean(dossier) < 70


def test_two_recognised_dossiers_are_nominated_to_the_national_round(demo):
    nominated = Dossier.objects.filter(source__isnull=False).select_related("source")
    assert nominated.count() == 2
    for dossier in nominated:
        assert dossier.award_round == _round("dn-sp-").parent
        assert dossier.source.state == S.RECOGNISED
        assert (dossier.facility, dossier.owner) == (dossier.source.facility, dossier.source.owner)
        assert dossier.title == dossier.source.title
        assert dossier.state in (S.DRAFT, S.SUBMITTED)
    assert dossier.award_round.registration_is_open()


def test_product_dossiers_past_draft_have_documents_and_three_photos(demo):
    dossier = Dossier.objects.filter(state=S.RECOGNISED).first()
    required = dossier.required_documents().filter(mandatory=True)
    documents = dossier.documents.current()
    assert set(required.values_list("pk", flat=True)) <= set(
        documents.values_list("requirement_id", flat=True)
    )
    document = documents.first()
    with document.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == document.sha256
    photos = list(dossier.photos.all())
    assert len(photos) >= 3
    with photos[0].image.open("rb") as handle, Image.open(handle) as image:
        assert image.size == (800, 600)
    with photos[0].thumbnail.open("rb") as handle, Image.open(handle) as image:
        assert image.size[0] <= 240
    assert not Dossier.objects.filter(
        state=S.IN_SCORING, photos__isnull=True, award_round__family="product"
    ).exists()


@pytest.mark.parametrize(
    ("username", "round_code", "role"),
    [
        ("admin", "dn-sp-", Role.SYSADMIN),
        ("thuky", "dn-sp-", Role.SECRETARIAT),
        ("thuky", "dn-tg-", Role.SECRETARIAT),
        ("thuky.bo", "qg-sp-", Role.SECRETARIAT),
        ("chutich", "dn-sp-", Role.CHAIR),
        ("chutich", "dn-tg-", Role.CHAIR),
        ("hoidong", "dn-sp-", Role.COUNCIL_MEMBER),
        ("giamkhao", "dn-sp-", Role.JURY_MEMBER),
    ],
)
def test_demo_login_holds_its_role(demo, username, round_code, role):
    user = User.objects.get(username=username)
    assert role in roles_in_round(user, _round(round_code))
    assert user.check_password(people.DEMO_PASSWORD)
    assert user.email == f"{username}@vinhdanh.local" and user.full_name


def test_applicant_logins_own_profiles_and_a_draft_in_an_open_round(demo):
    nghenhan, coso = User.objects.get(username="nghenhan"), User.objects.get(username="coso")
    assert nghenhan.artisans.exists() and coso.facilities.exists()
    for user in (nghenhan, coso):
        drafts = Dossier.objects.filter(owner=user, state=S.DRAFT)
        assert any(d.award_round.registration_is_open() for d in drafts)
        assert not roles_in_round(user, _round("dn-sp-"))
    assert Dossier.objects.filter(owner=coso).exclude(state=S.DRAFT).exists()


def test_command_prints_the_logins_and_the_shared_password(demo):
    for login in people.LOGINS:
        assert login["username"] in demo
    assert "vinhdanh2026" in demo


def test_second_run_changes_no_count(demo):
    models = apps.get_models()
    before = {model._meta.label: model._default_manager.count() for model in models}
    results = ("awards.Decision", "awards.Certificate", "awards.ResultList", "awards.ListEntry",
               "scoring.ResultSnapshot", "awards.ConsultationComment", "awards.Holiday")  # fmt: skip
    assert all(before[label] for label in results)
    output = StringIO()

    call_command("load_demo", stdout=output)

    after = {model._meta.label: model._default_manager.count() for model in models}
    assert after == before
    assert "đã có sẵn" in output.getvalue()


def test_rerun_completes_a_partly_built_demo(demo):
    national = _round("qg-sp-")
    missing = national.dossiers.get(state=S.DRAFT)
    source, title = missing.source, missing.title
    missing.delete()

    call_command("load_demo", stdout=StringIO())

    rebuilt = national.dossiers.get(title=title)
    assert rebuilt.source == source and rebuilt.state == S.DRAFT
    assert rebuilt.photos.count() == 3
    assert national.dossiers.count() == 2


# --- last year's decided round, the registry, the public consultation ----------------------


def test_last_years_round_was_closed_sealed_and_decided(demo):
    award_round = _round("dong-nai-sp-")
    decision = award_round.decision
    snapshot = ResultSnapshot.objects.get(award_round=award_round)
    states = Counter(award_round.dossiers.values_list("state", flat=True))

    assert award_round.year == _round("dn-sp-").year - 1
    assert 10 <= sum(states.values()) <= 14
    assert set(states) == {S.RECOGNISED, S.NOT_RECOGNISED}
    assert decision.number == "2150/QĐ-UBND"
    assert decision.signed_on.year == award_round.year and decision.signed_on.month == 12
    assert (decision.signer_name, decision.signer_title) == (
        "Trần Văn Khải", "Phó Chủ tịch Ủy ban nhân dân tỉnh Đồng Nai",
    )  # fmt: skip
    assert (
        snapshot.missing_sheets == 0 and snapshot.created_at < award_round.result_list.approved_at
    )
    assert verify_seal(award_round=award_round)[2] == []
    assert award_round.result_list.approved_by.username == "chutich"
    for dossier in award_round.dossiers.all():
        passed = _mean(dossier) >= 70
        assert dossier.state == (S.RECOGNISED if passed else S.NOT_RECOGNISED), dossier.code
        assert dossier.score_sheets.filter(status=SheetStatus.SUBMITTED).count() == 9
        assert dossier.transitions.last().at.date() == decision.signed_on


def test_decided_round_issued_certificates_valid_to_the_fourth_year(demo):
    award_round = _round("dong-nai-sp-")
    certificates = Certificate.objects.filter(decision__award_round=award_round)
    members = ListEntry.objects.filter(
        result_list__award_round=award_round, merged_into__isnull=False
    )
    recognised = award_round.dossiers.filter(state=S.RECOGNISED)

    assert certificates.count() == recognised.count() - members.count() >= 6
    prefix = f"{award_round.code_prefix}/{award_round.year}/"
    for certificate in certificates:
        assert certificate.number.startswith(prefix)
        assert certificate.issued_on == award_round.decision.signed_on
        assert certificate.valid_until == datetime.date(award_round.year + 3, 12, 31)
        assert certificate.dossier.state == S.RECOGNISED
    assert all(dossier_certificate(dossier) is not None for dossier in recognised)


def test_decided_round_merged_two_entries_of_one_facility_into_a_product_set(demo):
    award_round = _round("dong-nai-sp-")
    lead = ListEntry.objects.get(result_list__award_round=award_round, set_name__gt="")
    member = lead.merged_entries.get()

    assert lead.set_name == "Bộ sản phẩm ca cao lên men Hưng Thịnh"
    assert member.dossier.facility == lead.dossier.facility
    assert member.dossier.state == S.RECOGNISED
    assert not Certificate.objects.filter(dossier=member.dossier).exists()
    assert dossier_certificate(member.dossier) == lead.dossier.certificate


def test_registry_shows_the_recognised_products_of_the_decided_round_with_photos(demo):
    award_round = _round("dong-nai-sp-")

    entries = list(registry.registry_entries(registry.RegistryFilters()))

    assert {entry.pk for entry in entries} == set(
        award_round.dossiers.filter(state=S.RECOGNISED).values_list("pk", flat=True)
    )
    assert all(len(entry.ordered) >= 3 for entry in entries)
    assert registry.filter_choices()["years"] == [award_round.year]


def test_printed_certificate_number_verifies_as_valid(demo):
    number = certificate_to_try()

    verification = registry.verify_number(number)

    assert f"/registry/verify/: {number}" in demo
    assert verification.is_valid
    assert verification.dossier.award_round == _round("dong-nai-sp-")


def test_skilled_worker_candidates_in_consultation_have_one_open_and_one_resolved_comment(demo):
    award_round = _round("dn-tg-")
    comments = list(ConsultationComment.objects.filter(award_round=award_round))
    resolved = [c for c in comments if c.resolved_at]
    waiting = [c for c in comments if not c.resolved_at]

    assert len(resolved) == len(waiting) == 1
    assert resolved[0].resolution and resolved[0].resolved_by.username == "thuky"
    assert resolved[0].created_at < resolved[0].resolved_at <= timezone.now()
    assert waiting[0].resolution == "" and waiting[0].resolved_by is None
    for comment in comments:
        assert comment.dossier.state == S.IN_CONSULTATION
        received = timezone.localdate(comment.created_at)
        assert award_round.consultation_opens <= received <= award_round.consultation_closes
