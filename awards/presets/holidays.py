"""Vietnam's public holidays 2025–2027: the days offices are closed, for working-day counts.

Labour Code 2019, art. 112: New Year 1/1; Lunar New Year (Tết Nguyên đán, 5 days); Hùng
Kings' Commemoration 10/3 of the lunar calendar; Reunification Day 30/4; Labour Day 1/5;
National Day 2/9 and the day before or after. A holiday falling on a weekend gives the next
working day off (nghỉ bù). Each year the Government also swaps a working day next to a
holiday for a Saturday (nghỉ hoán đổi) to make a longer break for public servants; those
days are listed too, because the offices that count consultation periods are closed.

2025 and 2026 follow the announced schedules. 2027 has not been announced: its Tết and
National Day rows follow the law and are marked "dự kiến" (expected); correct them in the
admin (Public holidays) once the official notice is out. Weekend days inside a break are
not listed: weekends are never working days anyway.

``load_holidays`` creates the missing days and leaves existing rows (and their names, which
an administrator may have corrected) alone.
"""

import datetime

from awards.models import Holiday

TET_DUONG_LICH = "Tết Dương lịch"
TET_NGUYEN_DAN = "Tết Nguyên đán"
GIO_TO = "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
GIAI_PHONG = "Ngày Chiến thắng (30/4)"
LAO_DONG = "Ngày Quốc tế Lao động (1/5)"
QUOC_KHANH = "Quốc khánh (2/9)"
QUOC_KHANH_LIEN_KE = "Quốc khánh (ngày liền kề)"


def _days(year, month, first, last):
    return [datetime.date(year, month, day) for day in range(first, last + 1)]


def _holidays():
    d = datetime.date
    rows = []

    def add(days, name):
        rows.extend((day, name) for day in days)

    # --- 2025 (Ất Tỵ) -----------------------------------------------------------------------
    add([d(2025, 1, 1)], TET_DUONG_LICH)
    # Off Sat 25/1 – Sun 2/2; Mon 27/1 swapped for a Saturday in February.
    add([d(2025, 1, 27)], f"{TET_NGUYEN_DAN} (nghỉ hoán đổi)")
    add(_days(2025, 1, 28, 31), f"{TET_NGUYEN_DAN} Ất Tỵ")
    add([d(2025, 4, 7)], GIO_TO)
    add([d(2025, 4, 30)], GIAI_PHONG)
    add([d(2025, 5, 1)], LAO_DONG)
    add([d(2025, 5, 2)], "Nghỉ hoán đổi dịp 30/4 – 1/5 (làm bù thứ Bảy 26/04/2025)")
    add([d(2025, 9, 1)], QUOC_KHANH_LIEN_KE)
    add([d(2025, 9, 2)], QUOC_KHANH)

    # --- 2026 (Bính Ngọ) --------------------------------------------------------------------
    add([d(2026, 1, 1)], TET_DUONG_LICH)
    add([d(2026, 1, 2)], f"{TET_DUONG_LICH} (nghỉ hoán đổi, làm bù thứ Bảy 10/01/2026)")
    # Off Sat 14/2 – Sun 22/2 (27 tháng Chạp – mùng 6 tháng Giêng).
    add(_days(2026, 2, 16, 20), f"{TET_NGUYEN_DAN} Bính Ngọ")
    add([d(2026, 4, 26)], GIO_TO)  # a Sunday: the Monday after is off
    add([d(2026, 4, 27)], f"{GIO_TO} (nghỉ bù)")
    add([d(2026, 4, 30)], GIAI_PHONG)
    add([d(2026, 5, 1)], LAO_DONG)
    # Mon 31/8 swapped for Sat 22/8 (the Ministry of Home Affairs' plan of October 2025).
    add([d(2026, 8, 31)], "Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/08/2026)")
    add([d(2026, 9, 1)], QUOC_KHANH_LIEN_KE)
    add([d(2026, 9, 2)], QUOC_KHANH)

    # --- 2027 (Đinh Mùi): not announced yet -------------------------------------------------
    add([d(2027, 1, 1)], TET_DUONG_LICH)
    # Lunar New Year's day is Sat 6/2: 29 Tết to mùng 6 covers the five days and the
    # weekend days off in lieu.
    add([d(2027, 2, 5)], f"{TET_NGUYEN_DAN} Đinh Mùi (dự kiến)")
    add(_days(2027, 2, 8, 11), f"{TET_NGUYEN_DAN} Đinh Mùi (dự kiến)")
    add([d(2027, 4, 16)], GIO_TO)
    add([d(2027, 4, 30)], GIAI_PHONG)
    add([d(2027, 5, 3)], f"{LAO_DONG} (nghỉ bù, 1/5 là thứ Bảy)")
    add([d(2027, 9, 2)], QUOC_KHANH)
    add([d(2027, 9, 3)], f"{QUOC_KHANH_LIEN_KE} (dự kiến)")
    return rows


#: (day, name) of every public holiday shipped with the app, in date order.
HOLIDAYS = _holidays()


def load_holidays():
    """Create the shipped holidays that are missing; return how many were created."""
    existing = set(Holiday.objects.values_list("day", flat=True))
    missing = [Holiday(day=day, name=name) for day, name in HOLIDAYS if day not in existing]
    Holiday.objects.bulk_create(missing)
    return len(missing)
