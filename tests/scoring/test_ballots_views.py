import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from awards.enums import DossierState
from scoring.ballots import cast_votes, close_ballot, open_ballot
from scoring.models import BallotBox, BallotReceipt, Vote
from tests.factories import AgencyFactory, SecretaryFactory
from tests.scoring.factories_ballots import ballot_scene

pytestmark = pytest.mark.django_db
CHOICE_WORDS = re.compile(r"\b(Yes|No|Abstain|yes|no|abstain)\b")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _open(scene, present=None):
    present = scene.members if present is None else present
    return open_ballot(panel=scene.council, present_members=present, by=scene.secretary)


def _page(client, user, url, **kwargs):
    client.force_login(user)
    return client.get(url, **kwargs)


def _rows(html, css_class):
    return re.findall(rf'<tr class="{css_class}">(.*?)</tr>', html, flags=re.S)


# --- the council member's voting page -----------------------------------------------------


def test_vote_page_shows_each_candidate_with_yes_no_abstain_radios(client):
    scene = ballot_scene(candidates=2)
    box = _open(scene)

    response = _page(client, scene.members[1].user, reverse("scoring:ballot_vote", args=[box.pk]))

    html = response.content.decode()
    for dossier in scene.candidates:
        assert dossier.title in html
        for value in ("yes", "no", "abstain"):
            assert f'name="choice-{dossier.pk}" value="{value}"' in html
    assert "Cast my vote" in html


def test_vote_page_post_records_the_vote_and_never_shows_the_choices_again(client):
    scene = ballot_scene(candidates=2)
    box = _open(scene)
    member = scene.members[1]
    first, second = scene.candidates
    client.force_login(member.user)
    url = reverse("scoring:ballot_vote", args=[box.pk])

    response = client.post(
        url, {f"choice-{first.pk}": "yes", f"choice-{second.pk}": "no"}, follow=True
    )

    html = response.content.decode()
    assert "Your vote is recorded" in html
    assert 'type="radio"' not in html and "checked" not in html
    assert BallotReceipt.objects.filter(box=box, member=member).count() == 2
    assert sorted(Vote.objects.values_list("choice", flat=True)) == ["no", "yes"]


def test_vote_page_missing_choice_refused_and_nothing_written(client):
    scene = ballot_scene(candidates=2)
    box = _open(scene)
    client.force_login(scene.members[1].user)

    response = client.post(
        reverse("scoring:ballot_vote", args=[box.pk]), {f"choice-{scene.candidates[0].pk}": "yes"}
    )

    assert response.status_code == 422
    assert scene.candidates[1].code in response.content.decode()
    assert not Vote.objects.exists() and not BallotReceipt.objects.exists()


def test_vote_page_second_post_by_the_same_member_writes_nothing(client):
    scene = ballot_scene()
    box = _open(scene)
    member = scene.members[1]
    candidate = scene.candidates[0]
    cast_votes(box=box, member=member, choices={candidate.pk: "yes"})
    client.force_login(member.user)

    response = client.post(
        reverse("scoring:ballot_vote", args=[box.pk]), {f"choice-{candidate.pk}": "no"}
    )

    assert "Your vote is recorded" in response.content.decode()
    assert list(Vote.objects.values_list("choice", flat=True)) == ["yes"]
    assert BallotReceipt.objects.count() == 1


def test_vote_page_member_not_present_cannot_vote(client):
    scene = ballot_scene(listed=4, quorum="50")
    box = _open(scene, scene.members[:3])
    client.force_login(scene.members[3].user)

    response = client.post(
        reverse("scoring:ballot_vote", args=[box.pk]), {f"choice-{scene.candidates[0].pk}": "yes"}
    )

    assert "not recorded as present" in response.content.decode()
    assert not Vote.objects.exists()


def test_vote_page_council_member_of_another_round_gets_404(client):
    scene = ballot_scene()
    other = ballot_scene()
    box = _open(scene)

    response = _page(client, other.members[0].user, reverse("scoring:ballot_vote", args=[box.pk]))

    assert response.status_code == 404


def test_my_ballots_lists_only_open_ballots_where_the_member_is_present(client):
    scene = ballot_scene(listed=4, quorum="50")
    box = _open(scene, scene.members[:3])
    vote_url = reverse("scoring:ballot_vote", args=[box.pk])

    present_page = _page(client, scene.members[0].user, reverse("scoring:my_ballots"))
    absent_page = _page(client, scene.members[3].user, reverse("scoring:my_ballots"))

    assert vote_url in present_page.content.decode()
    assert vote_url not in absent_page.content.decode()


# --- the secretariat's pages --------------------------------------------------------------


def test_open_page_opens_a_ballot_with_the_members_ticked_present(client):
    scene = ballot_scene(listed=4, quorum="75")
    client.force_login(scene.secretary)
    url = reverse("scoring:ballot_open", args=[scene.award_round.code, scene.council.pk])
    ticked = [m.pk for m in scene.members[:3]]

    response = client.post(url, {"present": ticked})

    box = BallotBox.objects.get()
    assert response.url == reverse("scoring:ballot_progress", args=[box.pk])
    assert sorted(box.present.values_list("pk", flat=True)) == sorted(ticked)


def test_open_page_below_quorum_shows_the_figures_and_opens_nothing(client):
    scene = ballot_scene(listed=12, quorum="75")
    client.force_login(scene.secretary)
    url = reverse("scoring:ballot_open", args=[scene.award_round.code, scene.council.pk])

    response = client.post(url, {"present": [m.pk for m in scene.members[:8]]})

    assert response.status_code == 422
    assert "8 of 12 listed members" in response.content.decode()
    assert not BallotBox.objects.exists()


def test_progress_page_shows_who_voted_but_never_how(client):
    scene = ballot_scene(listed=4, candidates=2, quorum="50")
    box = _open(scene)
    first, second = scene.candidates
    cast_votes(box=box, member=scene.members[1], choices={first.pk: "yes", second.pk: "no"})
    cast_votes(box=box, member=scene.members[2], choices={first.pk: "abstain"})

    response = _page(client, scene.secretary, reverse("scoring:ballot_progress", args=[box.pk]))

    html = response.content.decode()
    rows = _rows(html, "ballot-voter")
    assert len(rows) == 4
    for member in scene.members:
        assert member.user.display_name in html
    for row in rows:
        assert not CHOICE_WORDS.search(re.sub(r"<[^>]+>", " ", row)), row
    assert "Voted on 1 of 2 candidates" in html


def test_tally_page_never_shows_a_member_next_to_a_choice(client):
    scene = ballot_scene(listed=4, candidates=1, quorum="50")
    box = _open(scene)
    _cast_everyone(box, scene)
    close_ballot(box=box, by=scene.secretary)

    tally_page = _page(client, scene.secretary, reverse("scoring:ballot_tally", args=[box.pk]))
    progress_page = client.get(reverse("scoring:ballot_progress", args=[box.pk]))

    tally_html = tally_page.content.decode()
    for member in scene.members[1:]:
        assert member.user.display_name not in tally_html
    for row in _rows(tally_html, "tally-row"):
        assert scene.chair.user.display_name not in row
    for row in _rows(progress_page.content.decode(), "ballot-voter"):
        assert not CHOICE_WORDS.search(re.sub(r"<[^>]+>", " ", row)), row


def _cast_everyone(box, scene):
    choices = ["yes", "yes", "no", "abstain"]
    for member, choice in zip(scene.members, choices, strict=False):
        cast_votes(box=box, member=member, choices={scene.candidates[0].pk: choice})


def test_tally_page_renders_the_motto_block_counts_rule_and_signatures(client):
    scene = ballot_scene(listed=4, candidates=1, quorum="50", approval="50")
    box = _open(scene)
    _cast_everyone(box, scene)
    close_ballot(box=box, by=scene.secretary)

    response = _page(client, scene.secretary, reverse("scoring:ballot_tally", args=[box.pk]))

    html = response.content.decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html
    assert "Độc lập - Tự do - Hạnh phúc" in html
    assert scene.council.name in html
    row = _rows(html, "tally-row")[0]
    cells = [c.strip() for c in re.findall(r'<td class="num">(.*?)</td>', row)]
    assert cells == ["1", "2", "1", "1", "50"]
    assert "Approved" in row and scene.candidates[0].title in row
    assert "50 % of all listed members (4)" in html
    assert scene.chair.user.display_name in html and scene.minute_taker.user.display_name in html
    assert "Chair of the council" in html
    assert "scoring/css/ballots.css" in html


def test_tally_page_of_an_open_ballot_shows_no_counts(client):
    scene = ballot_scene()
    box = _open(scene)

    response = _page(
        client, scene.secretary, reverse("scoring:ballot_tally", args=[box.pk]), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("scoring:ballot_progress", args=[box.pk])
    assert "only after it closes" in response.content.decode()


def test_close_then_record_moves_the_candidates(client):
    scene = ballot_scene(listed=4, candidates=1, quorum="50", approval="50")
    box = _open(scene)
    _cast_everyone(box, scene)
    client.force_login(scene.secretary)

    client.post(reverse("scoring:ballot_close", args=[box.pk]))
    response = client.post(reverse("scoring:ballot_record", args=[box.pk]), follow=True)

    scene.candidates[0].refresh_from_db()
    assert scene.candidates[0].state == DossierState.APPROVED
    assert "1 of 1 candidates approved" in response.content.decode()


@pytest.mark.parametrize("name", ["progress", "tally", "close", "record"])
def test_box_pages_for_another_agencys_secretariat_give_404(client, name):
    scene = ballot_scene()
    box = _open(scene)
    close_ballot(box=box, by=scene.secretary)
    stranger = SecretaryFactory(agency=AgencyFactory())
    client.force_login(stranger)
    url = reverse(f"scoring:ballot_{name}", args=[box.pk])

    response = client.post(url) if name in ("close", "record") else client.get(url)

    assert response.status_code == 404
    scene.candidates[0].refresh_from_db()
    assert scene.candidates[0].state == DossierState.VOTING


def test_round_pages_for_another_agencys_secretariat_or_a_member_give_404(client):
    scene = ballot_scene()
    stranger = SecretaryFactory(agency=AgencyFactory())
    index = reverse("scoring:ballot_index", args=[scene.award_round.code])
    opener = reverse("scoring:ballot_open", args=[scene.award_round.code, scene.council.pk])

    assert _page(client, stranger, index).status_code == 404
    assert _page(client, scene.members[0].user, index).status_code == 404
    client.force_login(stranger)
    assert client.post(opener, {"present": [m.pk for m in scene.members]}).status_code == 404
    assert not BallotBox.objects.exists()


def test_index_lists_councils_and_ballots_for_the_secretariat(client):
    scene = ballot_scene()
    box = _open(scene)

    response = _page(
        client, scene.secretary, reverse("scoring:ballot_index", args=[scene.award_round.code])
    )

    html = response.content.decode()
    assert reverse("scoring:ballot_open", args=[scene.award_round.code, scene.council.pk]) in html
    assert reverse("scoring:ballot_progress", args=[box.pk]) in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["ballot_progress", "ballot_tally"])
def test_box_page_query_count_does_not_grow_with_members_and_candidates(client, page):
    small = ballot_scene(listed=2, candidates=1, quorum="50")
    large = ballot_scene(listed=6, candidates=3, quorum="50")
    boxes = []
    for scene in (small, large):
        box = _open(scene)
        for member in scene.members:
            cast_votes(box=box, member=member, choices={d.pk: "yes" for d in scene.candidates})
        close_ballot(box=box, by=scene.secretary)
        boxes.append(box)

    client.force_login(small.secretary)
    few = _queries(client, reverse(f"scoring:{page}", args=[boxes[0].pk]))
    client.force_login(large.secretary)
    many = _queries(client, reverse(f"scoring:{page}", args=[boxes[1].pk]))

    assert few == many
