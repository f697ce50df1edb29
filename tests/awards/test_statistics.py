"""Statistics for the secretariat: counts by group, locality, level and year, pass rates,
judge participation, charts as server-rendered SVG, and only the person's own rounds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.enums import DossierState, Level, ProductGroup
from awards.statistics import round_statistics, rounds_for
from scoring.enums import PanelKind, SheetStatus
from scoring.models import Assignment, Conflict, ScoreSheet
from tests.awards.factories_intake import login
from tests.factories import (
    AgencyFactory,
    ArtisanDossierFactory,
    AwardRoundFactory,
    CommuneFactory,
    DossierFactory,
    FacilityFactory,
    PanelFactory,
    PanelMemberFactory,
    SecretaryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
S = DossierState
URL = reverse("secretariat:statistics")


def by_key(rows):
    return {row.key: row for row in rows}


@pytest.fixture
def office():
    agency = AgencyFactory()
    return agency, SecretaryFactory(agency=agency)


def test_statistics_count_by_group_level_year_and_pass_rate(office):
    agency, secretary = office
    province = AwardRoundFactory(organiser=agency, year=2025, level=Level.PROVINCE)
    national = AwardRoundFactory(organiser=agency, year=2026, level=Level.NATIONAL)
    for state in (S.RECOGNISED, S.RECOGNISED, S.NOT_RECOGNISED, S.SUBMITTED):
        DossierFactory(award_round=province, state=state, files=False)
    DossierFactory(
        award_round=province, state=S.RECOGNISED, product_group=ProductGroup.MACHINERY, files=False
    )
    DossierFactory(award_round=province, state=S.DRAFT, files=False)  # never counted
    DossierFactory(award_round=national, state=S.NOT_RECOGNISED, files=False)

    figures = round_statistics(rounds=rounds_for(secretary))

    groups = by_key(figures["groups"])
    assert (groups["1"].entered, groups["1"].passed, groups["1"].pass_rate) == (5, 2, 50)
    assert (groups["3"].entered, groups["3"].pass_rate) == (1, 100)
    levels = by_key(figures["levels"])
    assert (levels[Level.PROVINCE].entered, levels[Level.NATIONAL].entered) == (5, 1)
    assert levels[Level.NATIONAL].pass_rate == 0
    years = by_key(figures["years"])
    assert (years[2025].entered, years[2026].entered) == (5, 1)
    assert (figures["totals"].entered, figures["totals"].assessed, figures["totals"].passed) == (
        6,
        5,
        3,
    )
    assert figures["totals"].pass_rate == 60


def test_statistics_filter_by_year_and_level(office):
    agency, secretary = office
    AwardRoundFactory(organiser=agency, year=2025)
    old = AwardRoundFactory(organiser=agency, year=2024)
    DossierFactory(award_round=old, state=S.RECOGNISED, files=False)
    current = AwardRoundFactory(organiser=agency, year=2025, level=Level.COMMUNE)
    DossierFactory(award_round=current, state=S.SUBMITTED, files=False)

    figures = round_statistics(rounds=rounds_for(secretary), year=2025, level=Level.COMMUNE)

    assert figures["totals"].entered == 1
    assert [row.key for row in figures["years"]] == [2025]


def test_statistics_by_locality_and_artisan_titles(office):
    agency, secretary = office
    commune = CommuneFactory(name="Phường Trấn Biên")
    product_round = AwardRoundFactory(organiser=agency)
    for _ in range(2):
        DossierFactory(
            award_round=product_round,
            facility=FacilityFactory(unit=commune),
            state=S.SUBMITTED,
            files=False,
        )
    artisan_round = AwardRoundFactory(organiser=agency, artisan=True)
    ArtisanDossierFactory(
        award_round=artisan_round, state=S.AWARDED, artisan__unit=commune, files=False
    )

    figures = round_statistics(rounds=rounds_for(secretary))

    localities = by_key(figures["localities"])
    assert localities["Phường Trấn Biên"].entered == 3
    assert figures["localities"][0].key == "Phường Trấn Biên"  # largest first
    assert by_key(figures["groups"])["skilled_worker"].passed == 1


def test_statistics_judge_participation_counts_expected_and_submitted_sheets(office):
    agency, secretary = office
    award_round = AwardRoundFactory(organiser=agency)
    dossiers = [
        DossierFactory(award_round=award_round, state=S.IN_SCORING, files=False) for _ in range(2)
    ]
    gone = DossierFactory(award_round=award_round, state=S.WITHDRAWN, files=False)
    jury = PanelFactory(award_round=award_round, kind=PanelKind.JURY)
    judges = [PanelMemberFactory(panel=jury) for _ in range(2)]
    for judge in judges:
        for dossier in [*dossiers, gone]:
            Assignment.objects.create(member=judge, dossier=dossier)
    ScoreSheet.objects.create(
        member=judges[0],
        dossier=dossiers[0],
        status=SheetStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    ScoreSheet.objects.create(member=judges[0], dossier=dossiers[1], status=SheetStatus.DRAFT)
    Conflict.objects.create(member=judges[1], dossier=dossiers[1], reason="Họ hàng")

    figures = round_statistics(rounds=rounds_for(secretary))

    [row] = figures["participation"]
    assert (row.submitted, row.expected, row.rate) == (1, 3, 33)


def test_statistics_page_draws_svg_bars_without_inline_styles(client, office):
    agency, secretary = office
    award_round = AwardRoundFactory(organiser=agency)
    DossierFactory(award_round=award_round, state=S.RECOGNISED, files=False)
    DossierFactory(award_round=award_round, state=S.NOT_RECOGNISED, files=False)
    login(client, secretary)

    html = client.get(URL).content.decode()

    assert '<svg class="stat-bar"' in html
    assert 'class="stat-bar__passed" x="0" y="0" width="50"' in html
    assert "style=" not in html
    assert "<script>" not in html.split("</head>")[1]
    assert award_round.name in html


def test_statistics_show_only_the_persons_own_rounds(client, office):
    agency, secretary = office
    mine = AwardRoundFactory(organiser=agency, name="Vòng của tôi")
    other = AwardRoundFactory(name="Vòng của tỉnh khác")
    DossierFactory(award_round=mine, state=S.SUBMITTED, files=False)
    DossierFactory(award_round=other, state=S.SUBMITTED, files=False)
    login(client, secretary)

    html = client.get(URL).content.decode()

    assert "Vòng của tôi" in html
    assert "Vòng của tỉnh khác" not in html


def test_statistics_page_is_404_for_people_without_rounds(client):
    login(client, UserFactory())

    assert client.get(URL).status_code == 404


def test_statistics_query_count_does_not_grow(client, office):
    agency, secretary = office
    first = AwardRoundFactory(organiser=agency)
    DossierFactory(award_round=first, state=S.RECOGNISED, files=False)
    login(client, secretary)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for year in (2023, 2024, 2025):
        award_round = AwardRoundFactory(organiser=agency, year=year)
        for state in (S.RECOGNISED, S.NOT_RECOGNISED, S.SUBMITTED):
            DossierFactory(award_round=award_round, state=state, files=False)
        jury = PanelFactory(award_round=award_round, kind=PanelKind.JURY)
        Assignment.objects.create(
            member=PanelMemberFactory(panel=jury), dossier=award_round.dossiers.first()
        )

    with CaptureQueriesContext(connection) as large:
        response = client.get(URL)

    assert len(response.context["rounds"]) == 4
    assert [row.key for row in response.context["years"]] == [2023, 2024, 2025, 2026]
    assert len(small) == len(large)
