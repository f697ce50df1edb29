"""Points on a score sheet: parsing what a judge typed, checking it, and showing it.

A value is a Decimal with at most two decimal places between 0 and the criterion's maximum;
empty means "not scored yet" (None), never zero.
"""

from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import gettext as _

#: Points carry at most this many decimal places (the database column has two).
POINT_PLACES = 2
POINT_STEP = Decimal("0.01")


def parse_points(value, *, maximum):
    """``(Decimal | None, error | None)`` for one submitted value against ``maximum``.

    Empty means "not scored yet" (None). A comma is accepted as the decimal separator, as
    Vietnamese writes 7,5.
    """
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, _("Enter a number.")
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    else:
        text = str(value).strip().replace(",", ".")
        if not text:
            return None, None
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None, _("Enter a number.")
    if not number.is_finite():
        return None, _("Enter a number.")
    if number < 0:
        return None, _("Points cannot be negative.")
    if number > maximum:
        return None, _("At most %(max)s points.") % {"max": display_points(maximum)}
    if number != number.quantize(POINT_STEP, rounding="ROUND_DOWN"):
        return None, _("Use at most two decimal places.")
    return number.quantize(POINT_STEP), None


def clean_points(points, *, maxima):
    """Check every value of ``points`` ({criterion id: value}) against ``maxima`` ({id: max}).

    Returns ``(cleaned, errors)``: cleaned values (Decimal or None) for the valid entries and
    one message per invalid criterion id. Ids not on the sheet are reported under ``None``.
    """
    cleaned, errors = {}, {}
    for key, value in points.items():
        try:
            criterion_id = int(key)
        except (TypeError, ValueError):
            criterion_id = None
        if criterion_id not in maxima:
            errors[None] = _("A criterion that is not on this sheet was sent.")
            continue
        number, error = parse_points(value, maximum=maxima[criterion_id])
        if error:
            errors[criterion_id] = error
        else:
            cleaned[criterion_id] = number
    return cleaned, errors


def format_points(value):
    """Points as shown and hashed: two decimals with a dot ("7.50"); "" for None."""
    if value is None:
        return ""
    return f"{Decimal(value).quantize(POINT_STEP):.2f}"


def display_points(value):
    """Points for a sentence, in the reader's locale and without trailing zeros ("7,5")."""
    plain = format(Decimal(value).normalize(), "f")
    return formats.number_format(Decimal(plain), use_l10n=True)
