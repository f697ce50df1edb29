"""What the demo builders share: the build's state and the look-ups by natural key."""

import dataclasses
import datetime
import zlib
from collections import Counter

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from awards.demo import people
from awards.errors import DomainError
from awards.models import AdminUnit, User


class DemoError(DomainError):
    """The demo cannot be built (for example the presets are not loaded yet)."""


@dataclasses.dataclass
class Demo:
    now: datetime.datetime
    year: int
    password_hash: str
    province: AdminUnit
    communes: dict
    created: Counter = dataclasses.field(default_factory=Counter)
    users: dict = dataclasses.field(default_factory=dict)
    photos: dict = dataclasses.field(default_factory=dict)

    @property
    def today(self):
        return timezone.localdate(self.now)


def lower_first(name):
    """Lower-case the first letter, for a unit name inside a sentence ("phường Trấn Biên")."""
    return name[:1].lower() + name[1:]


def ensure_user(demo, username, *, full_name, job_title="", active=True, superuser=False):
    user = demo.users.get(username) or User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username, full_name=full_name, job_title=job_title,
            email=f"{username}@{people.EMAIL_DOMAIN}", is_active=active,
            is_superuser=superuser, is_staff=superuser,
        )  # fmt: skip
        # One hash for every demo account: hashing ~60 passwords would take seconds.
        user.password = demo.password_hash if active else make_password(None)
        user.save()
        demo.created["users"] += 1
    demo.users[username] = user
    return user


def commune_unit(demo, name):
    """The current commune or ward called ``name``, or a stable stand-in when it is missing."""
    if name in demo.communes:
        return demo.communes[name]
    if not demo.communes:
        return demo.province
    names = sorted(demo.communes)
    return demo.communes[names[zlib.crc32(name.encode()) % len(names)]]
