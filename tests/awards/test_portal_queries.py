"""The editor's pages run the same number of queries for 1 or 5 documents and photos."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import Document, DocumentRequirement
from tests.awards.factories_portal import login
from tests.factories import DossierFactory, add_document, add_photo

pytestmark = pytest.mark.django_db

STEPS = ["facts", "documents", "photos", "declarations", "review"]


def dossier_with(count):
    """A product dossier whose checklist has ``count`` items, each with a file,
    and ``count`` photos. One photo is enough for its round, so both sizes are complete."""
    dossier = DossierFactory(files=False)
    rule_set, level = dossier.award_round.rule_set, dossier.award_round.level
    rule_set.min_photos = 1
    rule_set.save()
    for index in range(count - 1):
        DocumentRequirement.objects.create(
            rule_set=rule_set, level=level, code=f"extra-{index}", name=f"Giấy tờ {index}",
            accepted_kinds=["pdf"], order=10 + index,
        )  # fmt: skip
    requirements = list(dossier.required_documents().filter(mandatory=True))
    requirements += list(dossier.required_documents().filter(code__startswith="extra-"))
    for requirement in requirements[:count]:
        add_document(dossier, requirement)
    for index in range(count):
        add_photo(dossier, index)
    # one replaced file, so history rows are there too
    replaced = dossier.documents.get(requirement=requirements[0])
    add_document(dossier, requirements[0])
    Document.objects.filter(pk=replaced.pk).update(superseded_at=timezone.now())
    return dossier


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


@pytest.mark.parametrize("step", STEPS)
def test_editor_page_query_count_does_not_grow_with_files(client, step):
    small, large = dossier_with(1), dossier_with(5)
    large.owner = small.owner
    large.save()
    large.facility.owner = small.owner
    large.facility.save()
    login(client, small.owner)

    small_count, _ = queries_for(client, reverse(f"portal:{step}", args=[small.pk]))
    large_count, page = queries_for(client, reverse(f"portal:{step}", args=[large.pk]))

    assert large_count == small_count
    if step == "documents":
        assert page.count('class="doc-slot"') == 6  # 5 items + the optional one
    if step == "photos":
        assert page.count('class="photo-item"') == 5
