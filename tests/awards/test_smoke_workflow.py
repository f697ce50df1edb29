import pytest

from awards.enums import DossierState
from awards.errors import TransitionRefused
from awards.workflow import run_transition
from tests.factories import DossierFactory, SecretaryFactory


@pytest.mark.django_db
def test_submit_then_accept_writes_two_log_rows():
    dossier = DossierFactory()
    run_transition(dossier=dossier, action="submit", by=dossier.owner)
    secretary = SecretaryFactory(agency=dossier.award_round.organiser)
    run_transition(dossier=dossier, action="accept", by=secretary)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.ACCEPTED
    assert list(dossier.transitions.values_list("name", flat=True)) == ["submit", "accept"]
    assert dossier.revisions.count() == 1


@pytest.mark.django_db
def test_submit_without_documents_names_missing_item():
    dossier = DossierFactory(files=False)
    with pytest.raises(TransitionRefused) as error:
        run_transition(dossier=dossier, action="submit", by=dossier.owner)
    assert "Giấy chứng nhận đăng ký kinh doanh" in str(error.value)
