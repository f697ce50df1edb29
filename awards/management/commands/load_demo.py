"""``manage.py load_demo``: the Đồng Nai demo (rounds, dossiers in every state, logins).

Run after ``migrate`` and ``load_presets``. Running it again adds nothing and prints the
logins again. The console lines are Vietnamese on purpose: they describe Vietnamese demo
data to the people trying it.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from awards.demo import people
from awards.demo.builder import DemoError, build_demo
from awards.demo.decided import certificate_to_try

CREATED_LABELS = [
    ("agencies", "đơn vị tổ chức"),
    ("users", "tài khoản"),
    ("rounds", "vòng bình chọn, xét chọn"),
    ("facilities", "cơ sở sản xuất"),
    ("artisans", "ứng viên"),
    ("dossiers", "hồ sơ"),
    ("decisions", "quyết định công nhận"),
    ("certificates", "giấy chứng nhận"),
    ("comments", "ý kiến góp ý"),
]


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            created = build_demo()
        except DemoError as error:
            raise CommandError(str(error)) from error
        seconds = time.monotonic() - started
        if sum(created.values()):
            summary = ", ".join(
                f"{created[key]} {label}" for key, label in CREATED_LABELS if created[key]
            )
            self.stdout.write(
                self.style.SUCCESS(f"Đã tạo dữ liệu minh họa: {summary} ({seconds:.1f} giây).")
            )
        else:
            self.stdout.write(self.style.SUCCESS("Dữ liệu minh họa đã có sẵn, không tạo thêm gì."))
        self.print_logins()
        number = certificate_to_try()
        if number:
            self.stdout.write(f"Giấy chứng nhận để thử tra cứu tại /registry/verify/: {number}")

    def print_logins(self):
        rows = [("Tên đăng nhập", "Mật khẩu", "Vai trò", "Nên thử")]
        rows += [
            (login["username"], people.DEMO_PASSWORD, login["role"], login["try"])
            for login in people.LOGINS
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write("")
        self.stdout.write(
            self.style.MIGRATE_HEADING(
                f"Tài khoản minh họa (mật khẩu chung: {people.DEMO_PASSWORD})"
            )
        )
        for index, row in enumerate(rows):
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, row[3]]).rstrip())
            if index == 0:
                self.stdout.write("  ".join(["-" * w for w in widths] + ["-" * 7]))
        self.stdout.write("")
        self.stdout.write(
            "Các tài khoản giamkhao2…giamkhao9 và hoidong2…hoidong7 dùng cùng mật khẩu; "
            "tài khoản của các cơ sở và ứng viên khác bị khóa."
        )
