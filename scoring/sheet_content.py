"""The canonical content of a score sheet and its SHA-256, for the seal and ``verify_scores``.

See ``canonical_content`` for the exact form (version 1). Nothing here touches the database
except ``sheet.lines.all()`` when lines are neither given nor prefetched.
"""

import datetime
import hashlib
import json

from scoring.points import format_points

#: Version of the canonical form; part of the hashed content.
CANONICAL_VERSION = 1


def _utc_iso(moment):
    if moment is None:
        return None
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_content(*, sheet_id, dossier_id, member_id, comment, submitted_at, total, lines):
    """The canonical JSON text of a sheet from plain values (no database access).

    ``lines`` is an iterable of ``(criterion_id, points)``. The form, version 1:

    - a JSON object with exactly the keys ``v`` (1), ``sheet``, ``dossier``, ``member``
      (integer ids; ``member`` is the PanelMember id), ``comment`` (the stored text, as is),
      ``submitted_at``, ``total`` and ``lines``;
    - ``submitted_at``: UTC, ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (always six fraction digits),
      or null;
    - ``total`` and every ``points``: a string with exactly two decimals and a dot
      (``"7.50"``), or null;
    - ``lines``: a list of ``{"criterion": id, "points": "…"}`` sorted by criterion id;
    - serialised with ``json.dumps(obj, sort_keys=True, separators=(",", ":"),
      ensure_ascii=False)``, i.e. sorted keys, no spaces, non-ASCII kept as is.

    Example: ``{"comment":"Tốt","dossier":5,"lines":[{"criterion":11,"points":"20.00"}],
    "member":3,"sheet":9,"submitted_at":"2026-03-01T02:30:00.000000Z","total":"20.00","v":1}``
    """

    def points_text(value):
        return None if value is None else format_points(value)

    body = {
        "v": CANONICAL_VERSION,
        "sheet": int(sheet_id),
        "dossier": int(dossier_id),
        "member": int(member_id),
        "comment": comment or "",
        "submitted_at": _utc_iso(submitted_at),
        "total": points_text(total),
        "lines": [
            {"criterion": int(criterion_id), "points": points_text(points)}
            for criterion_id, points in sorted(lines, key=lambda item: int(item[0]))
        ],
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def hash_content(text):
    """SHA-256 (hex) of the canonical text encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_sheet_content(sheet, *, lines=None):
    """The canonical JSON text of ``sheet`` (see ``canonical_content`` for the exact form).

    Uses ``lines`` when given, else ``sheet.lines.all()`` (prefetched lines are used as is, so
    hashing many sheets costs one query for all their lines).
    """
    lines = sheet.lines.all() if lines is None else lines
    return canonical_content(
        sheet_id=sheet.pk, dossier_id=sheet.dossier_id, member_id=sheet.member_id,
        comment=sheet.comment, submitted_at=sheet.submitted_at, total=sheet.total,
        lines=[(line.criterion_id, line.points) for line in lines],
    )  # fmt: skip


def sheet_hash(sheet, *, lines=None):
    """SHA-256 (64 hex digits) of ``canonical_sheet_content(sheet)`` in UTF-8."""
    return hash_content(canonical_sheet_content(sheet, lines=lines))
