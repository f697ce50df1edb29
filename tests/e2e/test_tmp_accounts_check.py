import pytest
from django.urls import reverse

from awards.models import Facility
from tests.awards.factories_accounts import dong_nai_and_hcm, with_password
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_tmp(live_server, page, shot, settings):
    dong_nai, hcm = dong_nai_and_hcm()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("accounts:register"))
    shot(page, "tmp-accounts-register")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    user = with_password(UserFactory(email="a@example.vn"))
    page.goto(live_server.url + reverse("login"))
    shot(page, "tmp-accounts-login")
    page.fill("#id_username", "a@example.vn")
    page.fill("#id_password", "mat-khau-123")
    page.click("button[type=submit] >> nth=-1")
    page.goto(live_server.url + reverse("accounts:facility_create"))
    assert not page.is_visible("button[name=refresh_units]")
    page.select_option("#id_province", str(hcm.pk))
    page.wait_for_function("document.querySelectorAll('#id_unit option').length == 2")
    page.select_option("#id_province", str(dong_nai.pk))
    page.wait_for_function("document.querySelectorAll('#id_unit option').length == 5")
    opts = page.eval_on_selector_all("#id_unit option", "els => els.map(e => e.textContent)")
    print(opts)
    page.select_option("#id_unit", label="Phường Dĩ An")
    page.select_option("#id_facility_type", "cooperative")
    page.fill("#id_name", "HTX Gốm")
    page.fill("#id_registration_number", "3600123456")
    page.fill("#id_representative", "Lê Hoa")
    page.fill("#id_phone", "0912 345 678")
    shot(page, "tmp-accounts-facility-form")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("text=Lưu") if page.is_visible("text=Lưu") else page.click("form button[type=submit]:not([name])")
    page.wait_for_url("**/accounts/profile/")
    shot(page, "tmp-accounts-profile")
    assert Facility.objects.get().owner == user
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
