"""Benchmarks of the awards app, run by ``manage.py bench`` (``make bench``).

``intake_queue`` builds a round with 10,000 dossiers (bulk inserts, the denormalised
search and sort columns computed with ``awards.text`` as ``Dossier.save`` would), then
times the intake queue on the server side: the median of 5 requests through
``django.test.Client`` for page 1, a search, a state filter and the last page, plus the
xlsx export of one state. Everything runs inside a transaction that is rolled back, so
the database is left as it was.
"""

import datetime
import random
import secrets
import statistics
import time

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from awards.enums import AgencyKind, DossierState, FacilityType, Family, Level, ProductGroup
from awards.models import (
    AdminUnit,
    Agency,
    AgencyMembership,
    AwardRound,
    Dossier,
    Facility,
    RuleSet,
    User,
)
from awards.text import fold, vi_sort_key

S = DossierState

DOSSIERS = 10_000
COMMUNES = 60
REPEATS = 5
#: How the 10,000 dossiers spread over states (weights).
STATE_SPREAD = [
    (S.DRAFT, 5),
    (S.SUBMITTED, 35),
    (S.RETURNED, 15),
    (S.ACCEPTED, 30),
    (S.REJECTED, 5),
    (S.WITHDRAWN, 5),
    (S.DISQUALIFIED, 5),
]
PRODUCTS = [
    "Bình gốm men lam", "Đũa tre", "Hạt điều rang muối", "Chổi đót", "Nón lá", "Mứt dừa",
    "Rượu nếp cẩm", "Bánh tráng phơi sương", "Dao rèn thủ công", "Giỏ lục bình", "Tranh sơn mài",
    "Khô cá sặc", "Trà mãng cầu", "Ghế mây", "Tượng gỗ", "Máy xát lúa mini",
]  # fmt: skip
PLACES = ["Biên Hòa", "Đồng Nai", "Long Khánh", "Trảng Bom", "Định Quán", "Tân Phú", "Xuân Lộc"]
COMMUNE_WORDS = ["An", "Bình", "Phước", "Tân", "Long", "Hòa", "Đông", "Thạnh", "Xuân", "Phú"]


def _timed(client, url, repeats=None):
    """Median server time of ``repeats`` GETs of ``url`` in milliseconds (after a warm-up)."""
    repeats = repeats or REPEATS
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _attempt in range(repeats):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return round(statistics.median(times), 1)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def build_round(*, dossiers, seed=2026):
    """A product round with ``dossiers`` dossiers of as many facilities in ``COMMUNES``
    communes, states spread by ``STATE_SPREAD``; returns (round, secretary)."""
    rng = random.Random(seed)
    token = secrets.token_hex(3)
    now = timezone.now()
    province = AdminUnit.objects.create(code=f"B{token}", name="Tỉnh Thử Tải", kind="province")
    communes = AdminUnit.objects.bulk_create(
        [
            AdminUnit(
                code=f"B{token}-{i}",
                name=name,
                kind="commune",
                parent=province,
                name_sort=vi_sort_key(name),
                name_folded=fold(name),
            )
            for i, name in enumerate(
                f"Xã {COMMUNE_WORDS[i % 10]} {COMMUNE_WORDS[(i // 10) % 10]} {i}"
                for i in range(COMMUNES)
            )
        ]
    )
    agency = Agency.objects.create(
        name="Trung tâm Khuyến công (thử tải)", kind=AgencyKind.PROMOTION_CENTRE, unit=province
    )
    secretary = User.objects.create_user(
        username=f"bench-{token}", email=f"bench-{token}@example.vn", full_name="Thư ký thử tải"
    )
    AgencyMembership.objects.create(agency=agency, user=secretary)
    rule_set = RuleSet.objects.create(
        code=f"bench-{token}", name="Thử tải", family=Family.PRODUCT, levels=[Level.PROVINCE]
    )
    award_round = AwardRound.objects.create(
        code=f"bench-{token}", code_prefix="TT", name="Bình chọn thử tải", family=Family.PRODUCT,
        level=Level.PROVINCE, year=now.year, organiser=agency, unit=province, rule_set=rule_set,
        registration_opens=now - datetime.timedelta(days=90),
        registration_closes=now + datetime.timedelta(days=30),
    )  # fmt: skip
    facilities = []
    for i in range(dossiers):
        name = f"Cơ sở {rng.choice(PRODUCTS).split()[0]} {rng.choice(PLACES)} {i}"
        facilities.append(
            Facility(
                facility_type=FacilityType.HOUSEHOLD,
                name=name,
                registration_number=f"B{token}{i:07d}",
                unit=communes[i % COMMUNES],
                representative="Nguyễn Văn An",
                name_sort=vi_sort_key(name),
                name_folded=fold(name),
            )
        )
    facilities = Facility.objects.bulk_create(facilities, batch_size=2000)
    states = [state for state, _w in STATE_SPREAD]
    weights = [weight for _s, weight in STATE_SPREAD]
    rows = []
    for i, facility in enumerate(facilities):
        state = rng.choices(states, weights)[0]
        title = f"{rng.choice(PRODUCTS)} {rng.choice(PLACES)} {i}"
        code = f"TT-{i + 1:05d}"
        submitted = (
            None if state == S.DRAFT else now - datetime.timedelta(minutes=rng.randint(60, 86_400))
        )
        deadline = None
        if state == S.RETURNED:
            deadline = now + datetime.timedelta(days=rng.choice([-3, -1, 5, 10]))
        commune = communes[i % COMMUNES]
        rows.append(
            Dossier(
                award_round=award_round,
                code=code,
                state=state,
                facility=facility,
                title=title,
                product_group=rng.choice(ProductGroup.values),
                description="Mô tả sản phẩm.",
                submitted_at=submitted,
                last_submitted_at=submitted,
                supplement_deadline=deadline,
                state_changed_at=submitted or now,
                title_sort=vi_sort_key(title),
                search_text=fold(" ".join([code, title, facility.name, commune.name])),
            )
        )
    Dossier.objects.bulk_create(rows, batch_size=2000)
    return award_round, secretary


def intake_queue():
    """Build the 10,000-dossier round and time the intake queue; nothing is kept."""
    results = []
    with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False), transaction.atomic():
        started = time.perf_counter()
        award_round, secretary = build_round(dossiers=DOSSIERS)
        results.append(("intake_build_s", round(time.perf_counter() - started, 1), "s"))
        client = Client()
        client.force_login(secretary)
        url = reverse("secretariat:intake", args=[award_round.code])
        cases = [
            ("intake_page1", url),
            ("intake_search", f"{url}?q=dua+tre+bien+hoa"),
            ("intake_state", f"{url}?state=submitted&sort=-submitted"),
            ("intake_last_page", f"{url}?page=last"),
        ]
        for name, case_url in cases:
            results.append((f"{name}_ms", _timed(client, case_url), "ms"))
        results.append(("intake_page1_queries", _queries(client, url), "queries"))
        results.append(("intake_last_page_queries", _queries(client, cases[-1][1]), "queries"))
        export_url = reverse("secretariat:intake_export", args=[award_round.code])
        results.append(
            ("intake_export_submitted_ms", _timed(client, f"{export_url}?state=submitted", 1), "ms")
        )
        transaction.set_rollback(True)
    return results


BENCHMARKS = [intake_queue]


REGISTRY_DOSSIERS = 2_000


def registry_page():
    """Time the public registry with 2,000 recognised dossiers (PUBLIC helper); nothing kept.

    Reuses ``build_round``, then marks every dossier recognised under a recorded decision
    with a certificate each (bulk writes, as the decision service would leave them).
    """
    from awards.models import Certificate, Decision

    results = []
    with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False), transaction.atomic():
        award_round, _secretary = build_round(dossiers=REGISTRY_DOSSIERS, seed=2027)
        Dossier.objects.filter(award_round=award_round).update(state=S.RECOGNISED)
        decision = Decision.objects.create(
            award_round=award_round,
            number="1/QĐ-UBND",
            signed_on=timezone.localdate(),
            signer_name="Thử tải",
        )
        issued = timezone.localdate()
        Certificate.objects.bulk_create(
            [
                Certificate(
                    dossier_id=pk,
                    decision=decision,
                    number=f"{award_round.code}-{index:05d}",
                    issued_on=issued,
                    valid_until=issued + datetime.timedelta(days=1000),
                    token=secrets.token_urlsafe(12),
                )
                for index, pk in enumerate(
                    Dossier.objects.filter(award_round=award_round).values_list("pk", flat=True)
                )
            ],
            batch_size=1000,
        )
        client = Client()
        url = reverse("registry:index")
        cases = [
            ("registry_page", url),
            ("registry_search", f"{url}?q=dua+tre+bien+hoa"),
            ("registry_filtered", f"{url}?year={award_round.year}&level=province&group=1"),
            ("registry_last_page", f"{url}?page=last"),
        ]
        for name, case_url in cases:
            results.append((f"{name}_ms", _timed(client, case_url), "ms"))
        results.append(("registry_page_queries", _queries(client, url), "queries"))
        verify_url = reverse("registry:verify")
        results.append(
            (
                "registry_verify_ms",
                _timed(client, f"{verify_url}?number={award_round.code}-00042"),
                "ms",
            )
        )
        transaction.set_rollback(True)
    return results


BENCHMARKS.append(registry_page)


# --- results, decision and certificates (DECISIONS helper) -----------------------------------


def _decided(award_round, secretary):
    """Give every dossier of ``award_round`` a place on an approved list, a decision and a
    certificate (bulk inserts, as ``awards.decisions.record_decision`` would leave them)."""
    from awards.models import Certificate, Decision, ListEntry, ResultList
    from awards.rulesets import certificate_valid_until

    Dossier.objects.filter(award_round=award_round).update(state=S.RECOGNISED)
    now = timezone.now()
    result_list = ResultList.objects.create(
        award_round=award_round, prepared_by=secretary, approved_by=secretary, approved_at=now
    )
    ids = list(award_round.dossiers.order_by("code").values_list("pk", flat=True))
    ListEntry.objects.bulk_create(
        [ListEntry(result_list=result_list, dossier_id=pk, position=n, score=80) for n, pk in enumerate(ids, 1)],
        batch_size=2000,
    )  # fmt: skip
    signed_on = timezone.localdate()
    decision = Decision.objects.create(
        award_round=award_round, number="1/QĐ-UBND", signed_on=signed_on,
        signer_name="Võ Văn Phi", recorded_by=secretary,
    )  # fmt: skip
    valid_until = certificate_valid_until(rule_set=award_round.rule_set, issued_on=signed_on)
    Certificate.objects.bulk_create(
        [
            Certificate(
                dossier_id=pk,
                decision=decision,
                number=f"TT/{signed_on.year}/{n:04d}",
                issued_on=signed_on,
                valid_until=valid_until,
            )
            for n, pk in enumerate(ids, 1)
        ],
        batch_size=2000,
    )
    return Certificate.objects.filter(decision=decision).order_by("number").first()


def result_documents():
    """The result list xlsx of 2,000 rows and one certificate PDF, through the secretariat's
    download views (server time, median); nothing is kept."""
    results = []
    with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False), transaction.atomic():
        award_round, secretary = build_round(dossiers=2000)
        certificate = _decided(award_round, secretary)
        client = Client()
        client.force_login(secretary)
        listing = reverse("secretariat:results_download", args=[award_round.code, "result-list.xlsx"])  # fmt: skip
        results.append(("result_list_xlsx_ms", _timed(client, listing, 3), "ms"))
        one = reverse("secretariat:results_certificate", args=[award_round.code, certificate.pk])
        results.append(("certificate_pdf_ms", _timed(client, one), "ms"))
        transaction.set_rollback(True)
    return results


BENCHMARKS.append(result_documents)
