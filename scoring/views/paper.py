"""Paper score sheets: the secretariat exports a judge's sheet and imports it filled in.

Upload → preview (the dry run: every problem with its row and column, nothing written) →
confirm (all rows saved and submitted, or none). Between preview and confirm the uploaded file
waits in the session (database-backed, so any worker can confirm) under a random token that
the confirm form carries back. Only the round's secretariat sees these pages; others get 404.
"""

import base64
import hashlib
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards.errors import DomainError
from awards.views.secretariat import round_for_secretariat
from scoring import paper
from scoring.enums import SheetStatus
from scoring.models import Assignment, ScoreSheet

SESSION_KEY = "scoring_paper_import"


def _member(award_round, member_id):
    return get_object_or_404(paper.paper_members(award_round), pk=member_id)


def _count(queryset):
    counted = (
        queryset.filter(member=OuterRef("pk")).order_by().values("member").annotate(n=Count("pk"))
    )
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), Value(0))


@login_required
@require_GET
def paper_index(request, code):
    award_round = round_for_secretariat(request, code)
    members = paper.paper_members(award_round).annotate(
        assigned=_count(Assignment.objects.all()),
        submitted=_count(ScoreSheet.objects.filter(status=SheetStatus.SUBMITTED)),
        on_paper=_count(
            ScoreSheet.objects.filter(entered_by__isnull=False).exclude(
                entered_by=F("member__user")
            )
        ),
    )
    return render(
        request, "scoring/paper_index.html", {"award_round": award_round, "members": members}
    )


def _member_context(award_round, member, **extra):
    sheets = (
        ScoreSheet.objects.filter(member=member)
        .select_related("dossier", "entered_by")
        .order_by("dossier__code")
    )
    return {
        "award_round": award_round,
        "member": member,
        "sheets": sheets,
        "uses_assignments": paper.uses_assignments(member),
        "max_kb": paper.MAX_UPLOAD_BYTES // 1024,
        **extra,
    }


@login_required
@require_GET
def paper_member(request, code, member_id):
    award_round = round_for_secretariat(request, code)
    member = _member(award_round, member_id)
    return render(request, "scoring/paper_member.html", _member_context(award_round, member))


@login_required
@require_GET
def paper_export(request, code, member_id):
    award_round = round_for_secretariat(request, code)
    member = _member(award_round, member_id)
    response = HttpResponse(
        paper.export_workbook(member=member), content_type=paper.XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{paper.export_filename(member)}"'
    return response


def _render_preview(request, award_round, member, preview, *, token="", name="", status=200):
    context = {
        "award_round": award_round,
        "member": member,
        "preview": preview,
        "token": token,
        "file_name": name,
    }
    return render(request, "scoring/paper_preview.html", context, status=status)


@login_required
@require_POST
def paper_preview(request, code, member_id):
    award_round = round_for_secretariat(request, code)
    member = _member(award_round, member_id)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the filled score sheet (.xlsx) to upload."))
        return redirect("scoring:paper_member", code=code, member_id=member.pk)
    if upload.size > paper.MAX_UPLOAD_BYTES:
        messages.error(request, _("The file is too large for a score sheet."))
        return redirect("scoring:paper_member", code=code, member_id=member.pk)
    data = upload.read()
    preview = paper.read_paper_sheet(member=member, data=data)
    token = ""
    if preview.ok:
        token = secrets.token_urlsafe(24)
        request.session[SESSION_KEY] = {
            "token": token,
            "member": member.pk,
            "name": upload.name[:200],
            "sha256": hashlib.sha256(data).hexdigest(),
            "data": base64.b64encode(data).decode("ascii"),
        }
    else:
        request.session.pop(SESSION_KEY, None)
    status = 200 if preview.ok else 422
    return _render_preview(
        request, award_round, member, preview, token=token, name=upload.name, status=status
    )


def _stored_file(request, member, token):
    stored = request.session.get(SESSION_KEY) or {}
    if not token or stored.get("token") != token or stored.get("member") != member.pk:
        return None, ""
    data = base64.b64decode(stored["data"])
    if hashlib.sha256(data).hexdigest() != stored.get("sha256"):
        return None, ""
    return data, stored.get("name", "")


@login_required
@require_POST
def paper_confirm(request, code, member_id):
    award_round = round_for_secretariat(request, code)
    member = _member(award_round, member_id)
    data, name = _stored_file(request, member, request.POST.get("token", ""))
    if data is None:
        messages.error(
            request, _("The preview has expired or was replaced; upload the file again.")
        )
        return redirect("scoring:paper_member", code=code, member_id=member.pk)
    try:
        sheets = paper.import_paper_sheet(member=member, data=data, by=request.user)
    except paper.PaperImportInvalid as refusal:
        preview = paper.read_paper_sheet(member=member, data=data)
        preview.errors = refusal.errors
        return _render_preview(request, award_round, member, preview, name=name, status=422)
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return redirect("scoring:paper_member", code=code, member_id=member.pk)
    request.session.pop(SESSION_KEY, None)
    messages.success(
        request,
        _(
            "%(n)d sheet(s) of %(judge)s were saved and submitted, marked as entered by you on "
            "the judge's behalf."
        )
        % {"n": len(sheets), "judge": member.user.display_name},
    )
    return redirect("scoring:paper_member", code=code, member_id=member.pk)
