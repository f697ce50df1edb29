"""Helpers for the accounts tests: two provinces with communes, logins, links in e-mails."""

import datetime
import re
from urllib.parse import urlsplit

from awards.enums import UnitKind
from tests.factories import CommuneFactory, ProvinceFactory

PASSWORD = "mat-khau-123"  # tests.factories.UserFactory's password
NEW_PASSWORD = "Gom-Bien-Hoa-2026"


def dong_nai_and_hcm():
    """Two current provinces, each with communes (names chosen so Vietnamese order matters)."""
    dong_nai = ProvinceFactory()
    hcm = ProvinceFactory(code="79", name="Hồ Chí Minh", kind=UnitKind.CITY)
    for name in ["Phường Đông Hòa", "Xã An Bình", "Phường Dĩ An", "Phường Tân Đông Hiệp"]:
        CommuneFactory(parent=dong_nai, name=name, kind=UnitKind.WARD)
    CommuneFactory(parent=hcm, name="Xã Bình Chánh")
    return dong_nai, hcm


def abolished_commune(province):
    return CommuneFactory(
        parent=province,
        name="Xã Đã Sáp Nhập",
        valid_from=datetime.date(2000, 1, 1),
        valid_to=datetime.date(2025, 6, 30),
    )


def login(client, user):
    """force_login with the user as stored (never client.login: django-axes)."""
    user.refresh_from_db()
    client.force_login(user)


def with_password(user, password=PASSWORD):
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def html(response):
    return response.content.decode()


def link_path(message, marker):
    """The path of the first link in ``message``'s body whose path contains ``marker``."""
    for url in re.findall(r"https?://\S+", message.body):
        path = urlsplit(url).path
        if marker in path:
            query = urlsplit(url).query
            return f"{path}?{query}" if query else path
    raise AssertionError(f"no link with {marker!r} in:\n{message.body}")
