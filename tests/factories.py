"""factory_boy factories with traits for every dossier state.

A dossier in any state is built by ``DossierFactory(state=...)``: the state is written
straight to the database (tests only), bypassing the protected field.
"""

import datetime
import hashlib
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from awards.enums import (
    AgencyKind,
    CheckKind,
    EvaluationMode,
    FacilityType,
    Family,
    Level,
    ProductGroup,
    Region,
    Title,
    UnitKind,
)
from awards.models import (
    AdminUnit,
    Agency,
    AgencyMembership,
    Artisan,
    AwardRound,
    Criterion,
    Document,
    DocumentRequirement,
    Dossier,
    EligibilityCheck,
    Facility,
    Photo,
    RuleSet,
    User,
)
from scoring.enums import PanelKind, SeatRole
from scoring.models import Panel, PanelMember

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    password = factory.django.Password("mat-khau-123")


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdminUnit
        django_get_or_create = ("code",)

    code = "75"
    name = "Đồng Nai"
    kind = UnitKind.PROVINCE
    region = Region.SOUTH
    valid_from = datetime.date(2025, 7, 1)


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdminUnit

    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    kind = UnitKind.COMMUNE
    parent = factory.SubFactory(ProvinceFactory)
    valid_from = datetime.date(2025, 7, 1)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Sở Công Thương {n}")
    kind = AgencyKind.DEPARTMENT
    unit = factory.SubFactory(ProvinceFactory)
    issuing_body = "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI"


class SecretaryFactory(UserFactory):
    @factory.post_generation
    def agency(self, create, extracted, **kwargs):
        if create and extracted is not None:
            AgencyMembership.objects.create(user=self, agency=extracted)


class RuleSetFactory(factory.django.DjangoModelFactory):
    """A small product rule set: two groups (60 + 40), one mandatory and one optional document."""

    class Meta:
        model = RuleSet
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"test-rules-{n}")
    name = "Bộ tiêu chí thử nghiệm"
    family = Family.PRODUCT
    is_preset = False
    levels = [Level.COMMUNE, Level.PROVINCE, Level.REGION, Level.NATIONAL]
    pass_mark = Decimal("70")
    min_photos = 3

    @factory.post_generation
    def contents(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        for level in self.levels:
            DocumentRequirement.objects.create(
                rule_set=self, level=level, code="registration", name="Giấy chứng nhận đăng ký kinh doanh",
                mandatory=True, accepted_kinds=["pdf", "jpg", "png"], order=1,
            )  # fmt: skip
            DocumentRequirement.objects.create(
                rule_set=self, level=level, code="quality", name="Giấy chứng nhận chất lượng",
                mandatory=False, accepted_kinds=["pdf"], order=2,
            )  # fmt: skip
        if self.family == Family.PRODUCT:
            for index, (code, maximum) in enumerate([("1", 60), ("2", 40)], start=1):
                group = Criterion.objects.create(
                    rule_set=self, code=code, name=f"Nhóm {code}", max_points=maximum, order=index
                )
                for sub in (1, 2):
                    Criterion.objects.create(
                        rule_set=self, parent=group, code=f"{code}.{sub}", name=f"Tiêu chí {code}.{sub}",
                        max_points=Decimal(maximum) / 2, order=sub,
                    )  # fmt: skip
            EligibilityCheck.objects.create(
                rule_set=self, code="own_production", kind=CheckKind.DECLARATION,
                label="Sản phẩm do cơ sở tự sản xuất",
            )  # fmt: skip


class ArtisanRuleSetFactory(RuleSetFactory):
    family = Family.PROVINCIAL_TITLE
    levels = [Level.PROVINCE]
    evaluation_mode = EvaluationMode.SECRET_BALLOT
    pass_mark = None
    min_photos = 0
    consultation_days = 15
    consultation_levels = [Level.PROVINCE]

    @factory.post_generation
    def checks(self, create, extracted, **kwargs):
        if create:
            EligibilityCheck.objects.create(
                rule_set=self, code="years", kind=CheckKind.MINIMUM, field="years_in_craft",
                minimum=5, label="Có ít nhất 5 năm làm nghề", title=Title.SKILLED_WORKER,
            )  # fmt: skip


class AwardRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardRound

    code = factory.Sequence(lambda n: f"round-{n}")
    code_prefix = factory.Sequence(lambda n: f"R{n}")
    name = factory.Sequence(lambda n: f"Bình chọn sản phẩm CNNT tiêu biểu {n}")
    family = Family.PRODUCT
    level = Level.PROVINCE
    year = 2026
    organiser = factory.SubFactory(AgencyFactory)
    unit = factory.SelfAttribute("organiser.unit")
    rule_set = factory.SubFactory(RuleSetFactory, family=factory.SelfAttribute("..family"))
    registration_opens = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    registration_closes = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))

    class Params:
        artisan = factory.Trait(
            family=Family.PROVINCIAL_TITLE,
            rule_set=factory.SubFactory(ArtisanRuleSetFactory),
            titles=[Title.SKILLED_WORKER],
        )
        closed = factory.Trait(
            registration_opens=factory.LazyFunction(
                lambda: timezone.now() - datetime.timedelta(days=30)
            ),
            registration_closes=factory.LazyFunction(
                lambda: timezone.now() - datetime.timedelta(days=1)
            ),
        )


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    owner = factory.SubFactory(UserFactory)
    facility_type = FacilityType.HOUSEHOLD
    name = factory.Sequence(lambda n: f"Cơ sở Gốm Biên Hòa {n}")
    registration_number = factory.Sequence(lambda n: f"3600{n:06d}")
    unit = factory.SubFactory(CommuneFactory)
    representative = "Nguyễn Văn An"


class ArtisanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Artisan

    owner = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Trần Thị Bình {n}")
    birth_year = 1970
    identity_number = "075170001234"
    craft = "Gốm mỹ nghệ"
    unit = factory.SubFactory(CommuneFactory)


class DossierFactory(factory.django.DjangoModelFactory):
    """A product dossier that satisfies every submit guard of ``RuleSetFactory``."""

    class Meta:
        model = Dossier
        skip_postgeneration_save = True

    award_round = factory.SubFactory(AwardRoundFactory)
    code = factory.Sequence(lambda n: f"D-{n:05d}")
    facility = factory.SubFactory(FacilityFactory)
    owner = factory.SelfAttribute("facility.owner")
    title = factory.Sequence(lambda n: f"Bình gốm men lam {n}")
    product_group = ProductGroup.HANDICRAFT
    description = "Bình gốm thủ công, men lam truyền thống."
    declarations = {"own_production": True}

    class Params:
        complete = factory.Trait()

    @factory.post_generation
    def files(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        for requirement in self.required_documents().filter(mandatory=True):
            add_document(self, requirement)
        for index in range(self.award_round.rule_set.min_photos):
            add_photo(self, index)

    @factory.post_generation
    def state(self, create, extracted, **kwargs):
        if create and extracted:
            Dossier.objects.filter(pk=self.pk).update(state=extracted)
            self.refresh_from_db()


class ArtisanDossierFactory(DossierFactory):
    award_round = factory.SubFactory(AwardRoundFactory, artisan=True)
    facility = None
    artisan = factory.SubFactory(ArtisanFactory)
    owner = factory.SelfAttribute("artisan.owner")
    title = factory.SelfAttribute("artisan.full_name")
    product_group = ""
    description = ""
    title_sought = Title.SKILLED_WORKER
    craft = "Gốm mỹ nghệ"
    years_in_craft = 12
    declarations = {}


def add_document(dossier, requirement, content=PDF_BYTES, name="giay-phep.pdf"):
    doc = Document(
        dossier=dossier, requirement=requirement, original_name=name,
        content_type="application/pdf", size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )  # fmt: skip
    doc.file.save(name, ContentFile(content), save=True)
    return doc


def add_photo(dossier, index=0):
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8), (200, 100 + index, 50)).save(buffer, "JPEG")
    photo = Photo(dossier=dossier, caption=f"Ảnh {index + 1}", order=index)
    photo.image.save("photo.jpg", ContentFile(buffer.getvalue()), save=True)
    return photo


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel

    award_round = factory.SubFactory(AwardRoundFactory)
    kind = PanelKind.COUNCIL
    name = "Hội đồng bình chọn"


class PanelMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelMember

    panel = factory.SubFactory(PanelFactory)
    user = factory.SubFactory(UserFactory)
    role = SeatRole.MEMBER
