"""The interface defaults to Vietnamese: the catalogue is complete and pages show no English."""

import re
from html import unescape
from pathlib import Path

import polib
import pytest
from django.urls import reverse

from awards.enums import DossierState
from tests.factories import DossierFactory, add_document

PO_PATH = Path(__file__).resolve().parent.parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+\}")


def catalogue():
    return [entry for entry in polib.pofile(str(PO_PATH)) if not entry.obsolete]


def test_vietnamese_catalogue_has_no_untranslated_or_fuzzy_entries():
    missing = [e.msgid for e in catalogue() if not e.translated() or "fuzzy" in e.flags]
    assert missing == []


def test_translations_keep_every_placeholder():
    broken = []
    for entry in catalogue():
        translations = [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values()
        for text in translations:
            if sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid)) != sorted(
                PLACEHOLDER.findall(text)
            ) and sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(text)):
                broken.append(entry.msgid)
    assert broken == []


def english_left(html):
    """Catalogue sentences that appear untranslated in the visible text of ``html``."""
    text = unescape(re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<(script|style).*?</\1>", " ", html)))
    text = " ".join(text.split())
    found = []
    for entry in catalogue():
        source = entry.msgid
        if entry.msgid_plural or "%" in source or "{" in source or "<" in source:
            continue
        if len(source) < 12 or " " not in source or source == entry.msgstr:
            continue
        if source in text:
            found.append(source)
    return found


@pytest.mark.django_db
def test_applicant_pages_show_no_english(client):
    draft = DossierFactory()
    returned = DossierFactory(
        owner=draft.owner, facility=draft.facility, state=DossierState.RETURNED
    )
    add_document(returned, returned.required_documents().first())
    client.force_login(draft.owner)
    urls = [
        reverse("landing"),
        reverse("home"),
        reverse("portal:rounds"),
        reverse("portal:facts", args=[draft.pk]),
        reverse("portal:documents", args=[draft.pk]),
        reverse("portal:photos", args=[draft.pk]),
        reverse("portal:declarations", args=[draft.pk]),
        reverse("portal:review", args=[draft.pk]),
        reverse("followup:my_dossiers"),
        reverse("followup:status", args=[returned.pk]),
        reverse("followup:withdraw", args=[draft.pk]),
        reverse("accounts:profile"),
        reverse("accounts:facility_create"),
        reverse("accounts:artisan_create"),
    ]
    leftovers = {}
    for url in urls:
        response = client.get(url, headers={"accept-language": "vi"})
        assert response.status_code == 200, url
        found = english_left(response.content.decode())
        if found:
            leftovers[url] = found
    assert leftovers == {}


@pytest.mark.django_db
def test_public_account_pages_show_no_english(client):
    leftovers = {}
    for name in ["login", "accounts:register", "accounts:password_reset", "accounts:verify_resend"]:
        response = client.get(reverse(name))
        found = english_left(response.content.decode())
        if found:
            leftovers[name] = found
    assert leftovers == {}
