import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from awards.enums import DossierState
from awards.errors import TransitionRefused
from awards.models import AdminUnit, AgencyMembership, Dossier, DossierTransition
from awards.workflow import check_transition, run_transition, transition_label
from scoring.models import ScoreLine, ScoreSheet
from tests.factories import (
    AgencyFactory,
    ArtisanFactory,
    AwardRoundFactory,
    CommuneFactory,
    DossierFactory,
    FacilityFactory,
    PanelMemberFactory,
    RuleSetFactory,
    SecretaryFactory,
    UserFactory,
)

S = DossierState


# --- helpers ---------------------------------------------------------------------------


class _FormReader(HTMLParser):
    """What a browser would submit from the form with ``form_id`` (no file inputs)."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value") or "on"))
                return
            self.fields.append((name, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = {"name": name, "chosen": [], "first": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value") or ""
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"].append(value)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.fields.append((name, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"] or [self._select["first"] or ""]
            self.fields += [(self._select["name"], value) for value in chosen]
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def form_data(response, form_id):
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    data = {}
    for name, value in reader.fields:
        data.setdefault(name, []).append(value)
    return data


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def transition_url(dossier, name):
    return reverse("admin:awards_dossier_transition", args=[dossier.pk, name])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def offered_buttons(response):
    return set(re.findall(r'name="_fsm_transition_to"\s+value="(\w+)"', response.content.decode()))


def click(client, dossier, action):
    """Press a workflow button on the dossier's change page, as a browser would."""
    url = change_url(dossier)
    data = form_data(client.get(url), "dossier_form")
    data["_fsm_transition_to"] = action
    return client.post(url, data, follow=True)


@pytest.fixture(autouse=True)
def _english():
    """Compare with the English source strings, whatever the Vietnamese catalogue says."""
    with translation.override("en"):
        yield


@pytest.fixture
def superuser(db):
    user = UserFactory(is_staff=True, is_superuser=True, full_name="Quản trị hệ thống")
    user.save()  # the factory sets the password without saving it; sessions check its hash
    return user


@pytest.fixture
def admin_client_en(superuser):
    client = Client(headers={"accept-language": "en"})
    client.force_login(superuser)
    return client


def staff_client(user):
    user.is_staff = True
    user.save()
    codenames = ["view_dossier", "change_dossier"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


# --- every model renders ---------------------------------------------------------------


def _dossier_with_history():
    dossier = DossierFactory(title="Bình gốm men lam Tân Vạn")
    run_transition(dossier=dossier, action="submit", by=dossier.owner)
    return dossier


def _score_line():
    dossier = DossierFactory(code="CD-0042", title="Chổi đót Phú Lý")
    member = PanelMemberFactory(
        panel__award_round=dossier.award_round, user__full_name="Lê Văn Chấm"
    )
    sheet = ScoreSheet.objects.create(dossier=dossier, member=member, comment="Sản phẩm đẹp")
    criterion = dossier.award_round.rule_set.criteria.get(code="1.1")
    return ScoreLine.objects.create(
        sheet=sheet, criterion=criterion, points=Decimal("25"), max_points=criterion.max_points
    )


def _review_objects():
    from awards.models import DocumentVerdict, SupplementRequest, Verdict

    dossier = DossierFactory(title="Nước mắm Phước Hải")
    requirement = dossier.required_documents().first()
    verdict = DocumentVerdict.objects.create(
        dossier=dossier, requirement=requirement, verdict=Verdict.MISSING, note="Bản sao mờ"
    )
    request_ = SupplementRequest.objects.create(
        dossier=dossier, items=[{"name": requirement.name}], deadline=dossier.created_at
    )
    return verdict, request_


def _result_objects():
    import datetime

    from awards.models import (
        Certificate,
        ConsultationComment,
        Decision,
        Holiday,
        ListEntry,
        ResultList,
    )

    dossier = DossierFactory(title="Hạt điều rang muối Bù Đăng", state="recognised")
    award_round = dossier.award_round
    result_list = ResultList.objects.create(award_round=award_round)
    decision = Decision.objects.create(
        award_round=award_round, number="1234/QĐ-UBND", signed_on=datetime.date(2026, 11, 20),
        signer_name="Nguyễn Văn Ký",
    )  # fmt: skip
    return {
        "resultlist": (result_list, award_round.name),
        "listentry": (
            ListEntry.objects.create(result_list=result_list, dossier=dossier, position=1),
            "Hạt điều rang muối Bù Đăng",
        ),
        "decision": (decision, "1234/QĐ-UBND"),
        "certificate": (
            Certificate.objects.create(
                dossier=dossier,
                decision=decision,
                number="DN-2026-001",
                issued_on=datetime.date(2026, 11, 20),
            ),
            "DN-2026-001",
        ),
        "consultationcomment": (
            ConsultationComment.objects.create(
                award_round=award_round,
                name="Lý Thị Góp Ý",
                phone="0912345678",
                address="Biên Hòa",
                content="Đồng ý",
            ),
            "Lý Thị Góp Ý",
        ),
        "holiday": (
            Holiday.objects.create(day=datetime.date(2026, 9, 2), name="Quốc khánh"),
            "Quốc khánh",
        ),
    }


def _scoring_objects():
    from scoring.models import (
        Assignment,
        BallotBox,
        BallotReceipt,
        Conflict,
        ResultSnapshot,
        ScoreLineChange,
        SheetReopening,
        Vote,
    )

    line = _score_line()
    sheet, member = line.sheet, line.sheet.member
    reopening = SheetReopening.objects.create(sheet=sheet, reason="Nhập nhầm điểm tiêu chí 1.1")
    box = BallotBox.objects.create(panel=member.panel, closed_at=timezone.now())
    return {
        "assignment": (Assignment.objects.create(member=member, dossier=sheet.dossier), "CD-0042"),
        "conflict": (
            Conflict.objects.create(member=member, dossier=sheet.dossier, reason="Người thân"),
            "Lê Văn Chấm",
        ),
        "sheetreopening": (reopening, "Nhập nhầm điểm tiêu chí 1.1"),
        "scorelinechange": (
            ScoreLineChange.objects.create(
                sheet=sheet,
                criterion=line.criterion,
                old_points=20,
                new_points=25,
                reopening=reopening,
            ),
            "CD-0042",
        ),
        "resultsnapshot": (
            ResultSnapshot.objects.create(
                award_round=sheet.dossier.award_round, chain_head="ab" * 32
            ),
            "abababab",
        ),
        "ballotbox": (box, member.panel.name),
        "ballotreceipt": (
            BallotReceipt.objects.create(box=box, member=member, dossier=sheet.dossier),
            "Lê Văn Chấm",
        ),
        "vote": (Vote.objects.create(box=box, dossier=sheet.dossier, choice="yes"), "CD-0042"),
    }


def _tally():
    """A submitted sheet's dossier tally (written by ``recompute_total``)."""
    from scoring.services import recompute_total

    sheet = _score_line().sheet
    sheet.status, sheet.submitted_at = "submitted", timezone.now()
    sheet.save(update_fields=["status", "submitted_at"])
    recompute_total(sheet=sheet)
    return sheet.dossier.tally


CASES = {
    "adminunit": lambda: (CommuneFactory(name="Phường Tân Hiệp"), "Phường Tân Hiệp"),
    "agency": lambda: (AgencyFactory(name="Sở Công Thương Đồng Nai"), "Sở Công Thương Đồng Nai"),
    "agencymembership": lambda: (
        AgencyMembership.objects.create(
            agency=AgencyFactory(), user=UserFactory(full_name="Phạm Thư Ký"), position="Thư ký"
        ),
        "Phạm Thư Ký",
    ),
    "user": lambda: (UserFactory(full_name="Hoàng Thị Lan", phone="0912345678"), "Hoàng Thị Lan"),
    "facility": lambda: (FacilityFactory(name="HTX Mây tre Tân Uyên"), "HTX Mây tre Tân Uyên"),
    "artisan": lambda: (ArtisanFactory(full_name="Võ Văn Nghệ"), "Võ Văn Nghệ"),
    "ruleset": lambda: (RuleSetFactory(name="Bộ tiêu chí tỉnh 2026"), "Bộ tiêu chí tỉnh 2026"),
    "criterion": lambda: (RuleSetFactory().criteria.get(code="2.1"), "Tiêu chí 2.1"),
    "documentrequirement": lambda: (
        RuleSetFactory().requirements.filter(code="quality").first(),
        "Giấy chứng nhận chất lượng",
    ),
    "eligibilitycheck": lambda: (
        RuleSetFactory().eligibility_checks.get(),
        "Sản phẩm do cơ sở tự sản xuất",
    ),
    "awardround": lambda: (
        AwardRoundFactory(name="Bình chọn cấp tỉnh 2026"),
        "Bình chọn cấp tỉnh 2026",
    ),
    "dossier": lambda: (DossierFactory(title="Gốm Biên Hòa men xanh"), "Gốm Biên Hòa men xanh"),
    "document": lambda: (DossierFactory().documents.get(), "giay-phep.pdf"),
    "photo": lambda: (DossierFactory().photos.first(), "Ảnh 1"),
    "dossierrevision": lambda: (
        _dossier_with_history().revisions.get(),
        "Bình gốm men lam Tân Vạn",
    ),
    "dossiertransition": lambda: (
        _dossier_with_history().transitions.get(),
        "Bình gốm men lam Tân Vạn",
    ),
    "panel": lambda: (
        PanelMemberFactory(panel__name="Hội đồng tỉnh 2026").panel,
        "Hội đồng tỉnh 2026",
    ),
    "panelmember": lambda: (PanelMemberFactory(user__full_name="Đỗ Giám Khảo"), "Đỗ Giám Khảo"),
    "scoresheet": lambda: (_score_line().sheet, "Chổi đót Phú Lý"),
    "scoreline": lambda: (_score_line(), "CD-0042"),
    "dossiertally": lambda: (_tally(), "25.00"),
    "documentverdict": lambda: (_review_objects()[0], "Nước mắm Phước Hải"),
    "supplementrequest": lambda: (_review_objects()[1], "Nước mắm Phước Hải"),
    "roundevent": lambda: (
        AwardRoundFactory(name="Vòng thử sự kiện").events.create(action="open_scoring"),
        "Vòng thử sự kiện",
    ),
    "mailtemplate": lambda: (
        __import__("awards.models", fromlist=["MailTemplate"]).MailTemplate.objects.create(
            code="dossier-returned", name="Trả hồ sơ bổ sung", subject="Hồ sơ {{ code }}", body="…"
        ),
        "Trả hồ sơ bổ sung",
    ),
    "outboundmail": lambda: (
        __import__("awards.models", fromlist=["OutboundMail"]).OutboundMail.objects.create(
            to="coso@vinhdanh.local", subject="Phiếu tiếp nhận hồ sơ", body="…"
        ),
        "coso@vinhdanh.local",
    ),
    **{
        name: (lambda name=name: _result_objects()[name])
        for name in [
            "resultlist",
            "listentry",
            "decision",
            "certificate",
            "consultationcomment",
            "holiday",
        ]
    },
    **{
        name: (lambda name=name: _scoring_objects()[name])
        for name in [
            "assignment",
            "conflict",
            "sheetreopening",
            "scorelinechange",
            "resultsnapshot",
            "ballotbox",
            "ballotreceipt",
            "vote",
        ]
    },
}


def test_every_model_has_an_admin():
    models = [
        *apps.get_app_config("awards").get_models(),
        *apps.get_app_config("scoring").get_models(),
    ]
    missing = [model._meta.label for model in models if model not in admin.site._registry]
    assert missing == []
    assert {model._meta.model_name for model in models} <= set(CASES)


@pytest.mark.django_db
@pytest.mark.parametrize("model_name", sorted(CASES))
def test_changelist_lists_the_object(admin_client_en, model_name):
    obj, text = CASES[model_name]()
    response = admin_client_en.get(changelist_url(type(obj)))
    assert response.status_code == 200
    assert text in response.content.decode()
    assert response.context["cl"].result_count == type(obj).objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize("model_name", sorted(CASES))
def test_change_page_shows_the_object(admin_client_en, model_name):
    obj, text = CASES[model_name]()
    response = admin_client_en.get(change_url(obj))
    assert response.status_code == 200
    assert text in response.content.decode()
    assert response.context["original"] == obj


@pytest.mark.django_db
def test_admin_site_is_titled_vinhdanh(admin_client_en):
    response = admin_client_en.get(reverse("admin:index"))
    assert "VinhDanh" in response.content.decode()
    assert response.context["site_header"] == "VinhDanh"


@pytest.mark.django_db
def test_rule_set_page_shows_criteria_checklist_and_checks_inline(admin_client_en):
    rule_set = RuleSetFactory()
    content = admin_client_en.get(change_url(rule_set)).content.decode()
    assert "Tiêu chí 1.2" in content
    assert "Giấy chứng nhận đăng ký kinh doanh" in content
    assert "Sản phẩm do cơ sở tự sản xuất" in content


@pytest.mark.django_db
def test_dossier_page_shows_photos_documents_and_history(admin_client_en):
    dossier = _dossier_with_history()
    content = admin_client_en.get(change_url(dossier)).content.decode()
    photo = dossier.photos.first()
    assert f'src="{photo.image.url}"' in content
    assert "giay-phep.pdf" in content
    assert str(transition_label("submit")) in content
    assert dossier.owner.full_name in content


# --- workflow buttons ------------------------------------------------------------------


@pytest.mark.django_db
def test_submitted_dossier_offers_secretariat_steps_to_superuser(admin_client_en):
    dossier = DossierFactory(state=S.SUBMITTED)
    response = admin_client_en.get(change_url(dossier))
    assert offered_buttons(response) == {"return_for_supplement", "accept", "reject", "disqualify"}
    assert ">\n  Accept\n</button>" in response.content.decode()


@pytest.mark.django_db
def test_product_dossier_never_offers_artisan_steps(admin_client_en):
    dossier = DossierFactory(state=S.ACCEPTED)
    buttons = offered_buttons(admin_client_en.get(change_url(dossier)))
    assert "open_scoring" in buttons
    assert not buttons & {"open_consultation", "open_voting"}


@pytest.mark.django_db
def test_round_secretary_sees_steps_and_outsider_staff_sees_none():
    dossier = DossierFactory(state=S.SUBMITTED)
    secretary = SecretaryFactory(agency=dossier.award_round.organiser)
    outsider = SecretaryFactory(agency=AgencyFactory())
    assert "accept" in offered_buttons(staff_client(secretary).get(change_url(dossier)))
    assert offered_buttons(staff_client(outsider).get(change_url(dossier))) == set()


@pytest.mark.django_db
def test_step_labels_follow_the_active_language(superuser):
    dossier = DossierFactory(state=S.SUBMITTED)
    client = Client(headers={"accept-language": "vi"})
    client.force_login(superuser)
    content = client.get(change_url(dossier)).content.decode()
    with translation.override("vi"):
        expected = str(transition_label("accept"))
    assert f">\n  {expected}\n</button>" in content


@pytest.mark.django_db
def test_state_is_read_only_in_the_change_form(admin_client_en):
    dossier = DossierFactory(state=S.SUBMITTED)
    url = change_url(dossier)
    data = form_data(admin_client_en.get(url), "dossier_form")
    assert "state" not in data
    data["state"] = S.ACCEPTED
    data["title"] = "Bình gốm men rạn"
    admin_client_en.post(url, data, follow=True)
    dossier.refresh_from_db()
    assert (dossier.state, dossier.title) == (S.SUBMITTED, "Bình gốm men rạn")


@pytest.mark.django_db
def test_accept_button_runs_the_workflow_and_logs_the_admin(admin_client_en, superuser):
    dossier = DossierFactory(state=S.SUBMITTED)
    response = click(admin_client_en, dossier, "accept")
    dossier.refresh_from_db()
    assert dossier.state == S.ACCEPTED
    log = DossierTransition.objects.get(dossier=dossier)
    assert (log.name, log.source, log.target, log.by) == (
        "accept",
        S.SUBMITTED,
        S.ACCEPTED,
        superuser,
    )
    assert any("Accepted" in message for message in messages_of(response))


@pytest.mark.django_db
def test_accept_without_mandatory_document_is_refused_with_the_reason(admin_client_en, superuser):
    dossier = DossierFactory(state=S.SUBMITTED, files=False)
    with pytest.raises(TransitionRefused) as refusal:
        check_transition(dossier=dossier, action="accept", by=superuser)
    response = click(admin_client_en, dossier, "accept")
    dossier.refresh_from_db()
    assert dossier.state == S.SUBMITTED
    assert not dossier.transitions.exists()
    assert messages_of(response) == [str(refusal.value)]
    assert "Giấy chứng nhận đăng ký kinh doanh" in response.content.decode()


@pytest.mark.django_db
def test_step_the_person_may_not_take_is_refused(admin_client_en):
    dossier = DossierFactory()
    response = click(admin_client_en, dossier, "submit")
    dossier.refresh_from_db()
    assert dossier.state == S.DRAFT
    assert not dossier.transitions.exists()
    assert messages_of(response) == [
        f"You do not have the right to “{transition_label('submit')}” this dossier."
    ]


@pytest.mark.django_db
def test_return_button_asks_for_the_reason_first(admin_client_en):
    dossier = DossierFactory(state=S.SUBMITTED)
    url = change_url(dossier)
    data = form_data(admin_client_en.get(url), "dossier_form")
    data["_fsm_transition_to"] = "return_for_supplement"
    response = admin_client_en.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == transition_url(dossier, "return_for_supplement")
    dossier.refresh_from_db()
    assert dossier.state == S.SUBMITTED


@pytest.mark.django_db
def test_return_without_reason_changes_nothing(admin_client_en):
    dossier = DossierFactory(state=S.SUBMITTED)
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    response = admin_client_en.post(
        transition_url(dossier, "return_for_supplement"), {"note": "  ", "deadline": deadline}
    )
    dossier.refresh_from_db()
    assert dossier.state == S.SUBMITTED
    assert not dossier.transitions.exists()
    assert response.context["transition_form"].errors["note"] == ["This field is required."]


@pytest.mark.django_db
def test_return_with_reason_and_deadline_is_logged(admin_client_en, superuser):
    dossier = DossierFactory(state=S.SUBMITTED)
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    page = admin_client_en.get(transition_url(dossier, "return_for_supplement"))
    assert 'name="note"' in page.content.decode()
    admin_client_en.post(
        transition_url(dossier, "return_for_supplement"),
        {"note": "Thiếu giấy chứng nhận an toàn thực phẩm.", "deadline": deadline.isoformat()},
    )
    dossier.refresh_from_db()
    assert dossier.state == S.RETURNED
    assert timezone.localtime(dossier.supplement_deadline).date() == deadline
    log = dossier.transitions.get()
    assert (log.note, log.by) == ("Thiếu giấy chứng nhận an toàn thực phẩm.", superuser)


@pytest.mark.django_db
def test_return_deadline_in_the_past_is_refused(admin_client_en):
    dossier = DossierFactory(state=S.SUBMITTED)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = admin_client_en.post(
        transition_url(dossier, "return_for_supplement"),
        {"note": "Thiếu ảnh.", "deadline": yesterday.isoformat()},
    )
    dossier.refresh_from_db()
    assert dossier.state == S.SUBMITTED
    assert "deadline" in response.context["transition_form"].errors


@pytest.mark.django_db
def test_reject_asks_for_a_reason_and_runs_with_it(admin_client_en, superuser):
    dossier = DossierFactory(state=S.SUBMITTED)
    page = admin_client_en.get(transition_url(dossier, "reject"))
    assert 'name="deadline"' not in page.content.decode()
    admin_client_en.post(transition_url(dossier, "reject"), {"note": "Sản phẩm độc bản."})
    dossier.refresh_from_db()
    assert dossier.state == S.REJECTED
    assert dossier.transitions.get().note == "Sản phẩm độc bản."


@pytest.mark.django_db
def test_unknown_step_name_is_not_found(admin_client_en):
    dossier = DossierFactory(state=S.SUBMITTED)
    response = admin_client_en.get(transition_url(dossier, "delete"))
    assert response.status_code == 404
    assert Dossier.objects.filter(pk=dossier.pk).exists()


# --- search ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_dossier_search_ignores_accents(admin_client_en):
    wanted = DossierFactory(title="Bình hoa", facility__name="Cơ sở Gốm Biên Hòa Tân Vạn")
    other = DossierFactory(title="Giỏ mây", facility__name="HTX Mây tre Tân Uyên")
    response = admin_client_en.get(changelist_url(Dossier), {"q": "gom bien hoa"})
    found = list(response.context["cl"].result_list)
    assert found == [wanted]
    assert other.title not in response.content.decode()


@pytest.mark.django_db
def test_unit_search_ignores_accents(admin_client_en):
    wanted = CommuneFactory(name="Phường Biên Hòa")
    CommuneFactory(name="Xã Đồng Nai")
    response = admin_client_en.get(changelist_url(AdminUnit), {"q": "bien hoa"})
    assert list(response.context["cl"].result_list) == [wanted]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model",
    [model for model in admin.site._registry if model._meta.app_label in ("awards", "scoring")],
    ids=lambda model: model._meta.label,
)
def test_add_page_renders_or_is_closed(admin_client_en, model):
    model_admin = admin.site._registry[model]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    response = admin_client_en.get(url)
    request = response.wsgi_request
    if model_admin.has_add_permission(request):
        assert response.status_code == 200
        assert response.context["add"] is True
    else:
        assert response.status_code == 403


@pytest.mark.django_db
def test_dossier_changelist_queries_do_not_grow_with_rows(
    admin_client_en, django_assert_num_queries
):
    award_round = AwardRoundFactory()
    DossierFactory(award_round=award_round, files=False)
    url = changelist_url(Dossier)
    admin_client_en.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as one_row:
        admin_client_en.get(url)
    DossierFactory.create_batch(2, award_round=award_round, files=False)
    with django_assert_num_queries(len(one_row.captured_queries)):
        response = admin_client_en.get(url)
    assert response.context["cl"].result_count == 3


@pytest.mark.django_db
def test_votes_of_an_open_ballot_are_not_listed(admin_client_en):
    from scoring.models import BallotBox, Vote

    member = _score_line().sheet.member
    open_box = BallotBox.objects.create(panel=member.panel)
    closed_box = BallotBox.objects.create(panel=member.panel, closed_at=timezone.now())
    dossier = member.sheets.get().dossier
    hidden = Vote.objects.create(box=open_box, dossier=dossier, choice="no")
    shown = Vote.objects.create(box=closed_box, dossier=dossier, choice="yes")

    response = admin_client_en.get(changelist_url(Vote))

    assert list(response.context["cl"].result_list) == [shown]
    assert admin_client_en.get(change_url(hidden)).status_code == 302  # "does not exist"
