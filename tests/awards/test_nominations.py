import datetime

import pytest

from awards import nominations
from awards.enums import DossierState, Level
from awards.errors import DomainError
from awards.models import Document, Dossier, Photo
from tests.awards.factories_results import decide, decided_round, seal_existing
from tests.factories import AgencyFactory, AwardRoundFactory, SecretaryFactory


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """These tests read the English source messages; the Vietnamese ones are tested elsewhere."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

S = DossierState
TODAY = datetime.date(2026, 3, 1)
PRODUCTS = [("Bình gốm men lam", 91), ("Nón lá Gò Găng", 85), ("Mứt dừa", 80), ("Đũa tre", 60)]


def national_round():
    ministry = AgencyFactory(name="Bộ Công Thương", issuing_body="BỘ CÔNG THƯƠNG", unit=None)
    award_round = AwardRoundFactory(
        organiser=ministry, level=Level.NATIONAL, unit=None, year=2026, code_prefix="QG",
        name="Bình chọn sản phẩm CNNT tiêu biểu cấp quốc gia 2026",
    )  # fmt: skip
    return award_round, SecretaryFactory(agency=ministry)


def test_nominate_creates_parent_dossiers_with_facts_documents_and_photos():
    parent, _national_secretary = national_round()
    scene = decided_round(products=PRODUCTS, parent=parent, quota=3)
    picks = [d for d in scene.dossiers if d.title in ("Bình gốm men lam", "Mứt dừa")]

    created = nominations.nominate(
        award_round=scene.round, dossiers=picks, by=scene.secretary, today=TODAY
    )

    assert [(d.award_round, d.source.title) for d in created] == [
        (parent, "Bình gốm men lam"), (parent, "Mứt dừa"),
    ]  # fmt: skip
    new = created[0]
    assert new.title == "Bình gốm men lam"
    assert new.facility == new.source.facility
    assert new.owner == new.source.owner
    assert new.code.startswith("QG-")
    assert new.state == S.SUBMITTED  # waiting for the parent round's secretariat
    assert new.transitions.get().name == "receive_nomination"
    source_doc = new.source.documents.get()
    copy = new.documents.get()
    assert copy.file.name != source_doc.file.name
    with copy.file.open("rb") as copied, source_doc.file.open("rb") as original:
        assert copied.read() == original.read()
    assert copy.requirement.rule_set == parent.rule_set
    assert new.photos.count() == 3
    assert nominations.quota_status(scene.round) == (3, 2, 1)


def test_nominate_over_the_quota_is_refused_and_writes_nothing():
    parent, _national_secretary = national_round()
    scene = decided_round(products=PRODUCTS, parent=parent, quota=2)
    recognised = [d for d in scene.dossiers if d.state == S.RECOGNISED]
    documents, photos = Document.objects.count(), Photo.objects.count()

    with pytest.raises(DomainError) as refused:
        nominations.nominate(
            award_round=scene.round, dossiers=recognised, by=scene.secretary, today=TODAY
        )

    assert "The quota is 2 entries; 0 already nominated, 3 picked." in str(refused.value)
    assert not parent.dossiers.exists()
    assert (Document.objects.count(), Photo.objects.count()) == (documents, photos)


def test_nominate_counts_earlier_nominations_against_the_quota():
    parent, _national_secretary = national_round()
    scene = decided_round(products=PRODUCTS, parent=parent, quota=2)
    first, second, third = [d for d in scene.dossiers if d.state == S.RECOGNISED]
    nominations.nominate(
        award_round=scene.round, dossiers=[first, second], by=scene.secretary, today=TODAY
    )

    with pytest.raises(DomainError, match="2 already nominated, 1 picked"):
        nominations.nominate(
            award_round=scene.round, dossiers=[third], by=scene.secretary, today=TODAY
        )

    assert parent.dossiers.count() == 2


def test_nominate_with_an_expired_certificate_is_refused_and_writes_nothing():
    parent, _national_secretary = national_round()
    scene = decided_round(
        products=PRODUCTS, parent=parent, signed_on=datetime.date(2020, 6, 1), year=2020
    )
    pick = scene.round.dossiers.get(title="Nón lá Gò Găng")

    with pytest.raises(DomainError) as refused:
        nominations.nominate(award_round=scene.round, dossiers=[pick], by=scene.secretary, today=TODAY)  # fmt: skip

    assert "expired on 31/12/2023" in str(refused.value)
    assert not parent.dossiers.exists()


def test_nominate_a_not_recognised_dossier_is_refused():
    parent, _national_secretary = national_round()
    scene = decided_round(products=PRODUCTS, parent=parent)
    failed = scene.round.dossiers.get(title="Đũa tre")

    with pytest.raises(DomainError, match="only honoured dossiers"):
        nominations.nominate(award_round=scene.round, dossiers=[failed], by=scene.secretary, today=TODAY)  # fmt: skip

    assert not parent.dossiers.exists()


def test_nominate_twice_is_refused():
    parent, _national_secretary = national_round()
    scene = decided_round(products=PRODUCTS, parent=parent)
    pick = scene.round.dossiers.get(title="Mứt dừa")
    nominations.nominate(award_round=scene.round, dossiers=[pick], by=scene.secretary, today=TODAY)

    with pytest.raises(DomainError, match="already nominated"):
        nominations.nominate(award_round=scene.round, dossiers=[pick], by=scene.secretary, today=TODAY)  # fmt: skip

    assert parent.dossiers.count() == 1


def test_lineage_across_commune_province_and_national_levels():
    national, national_secretary = national_round()
    province_agency = AgencyFactory(name="Sở Công Thương Đồng Nai")
    province = AwardRoundFactory(
        organiser=province_agency, level=Level.PROVINCE, parent=national, year=2025,
        code_prefix="DN",
    )  # fmt: skip
    province_secretary = SecretaryFactory(agency=province_agency)
    commune = decided_round(
        products=[("Bình gốm men lam", 88)], level=Level.COMMUNE, parent=province,
        signed_on=datetime.date(2025, 8, 1), number="45/QĐ-UBND", code_prefix="XA",
    )  # fmt: skip
    [at_province] = nominations.nominate(
        award_round=commune.round, dossiers=commune.dossiers, by=commune.secretary, today=TODAY
    )
    seal_existing(award_round=province, scores={at_province: 90}, by=province_secretary)
    decide(award_round=province, by=province_secretary, number="300/QĐ-UBND",
           signed_on=datetime.date(2025, 12, 15))  # fmt: skip
    at_province.refresh_from_db()
    [at_national] = nominations.nominate(
        award_round=province, dossiers=[at_province], by=province_secretary, today=TODAY
    )
    seal_existing(award_round=national, scores={at_national: 93}, by=national_secretary)
    decide(award_round=national, by=national_secretary, number="9/QĐ-BCT",
           signed_on=datetime.date(2026, 9, 1))  # fmt: skip

    for dossier in (commune.dossiers[0], at_province, at_national):
        steps = nominations.lineage(Dossier.objects.get(pk=dossier.pk), today=TODAY)

        assert [s.award_round.level for s in steps] == [
            Level.COMMUNE, Level.PROVINCE, Level.NATIONAL,
        ]  # fmt: skip
        assert [str(s.score) for s in steps] == ["88.00", "90.00", "93.00"]
        assert [s.decision.number for s in steps] == ["45/QĐ-UBND", "300/QĐ-UBND", "9/QĐ-BCT"]
        assert [s.certificate.number for s in steps] == [
            "XA/2025/001", "DN/2025/001", "QG/2026/001",
        ]  # fmt: skip
        assert [s.current for s in steps].count(True) == 1
        assert next(s for s in steps if s.current).dossier.pk == dossier.pk
    assert [s.dossier.state for s in steps] == [S.RECOGNISED] * 3
