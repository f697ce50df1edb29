"""Bulk import and export of a round's dossiers; import of administrative units.

Upload → dry-run preview (every problem named by row and column, nothing written) →
confirm (all rows or nothing). The uploaded file waits between the two steps under a
random name in MEDIA_ROOT/tmp/imports; the session holds that name, so only the person who
uploaded it can confirm it, and the file is deleted once confirmed or cancelled.

Dossier pages are for the round's secretariat; the unit pages for the system
administrator. Anyone else gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards import access, import_files, imports
from awards.exports import XLSX_CONTENT_TYPE
from awards.forms.imports import ConfirmImportForm, SpreadsheetUploadForm
from awards.views.secretariat import round_for_secretariat

UNITS_SESSION_KEY = "vd-import-units"


def _session_key(award_round):
    return f"vd-import-dossiers-{award_round.pk}"


def _xlsx_response(content, filename):
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _forget(request, key):
    token = request.session.pop(key, None)
    if token:
        import_files.drop_stash(token)


def _preview(request, *, form, key, check, context, template):
    """Run ``check`` (a dry run) on a valid upload; keep the file when it can be confirmed."""
    report = None
    confirm_form = None
    if form.is_valid():
        _forget(request, key)
        data = form.cleaned_data["file"].read()
        report = check(data)
        if report.ok:
            token = import_files.stash_upload(data)
            request.session[key] = token
            confirm_form = ConfirmImportForm(initial={"token": token})
    context |= {"form": form, "report": report, "confirm_form": confirm_form}
    return render(request, template, context)


def _confirm(request, *, key, write):
    """Write the stashed file (the session's own) and forget it; returns the report or None."""
    form = ConfirmImportForm(request.POST)
    token = request.session.get(key)
    if not form.is_valid() or form.cleaned_data["token"] != token:
        messages.error(request, _("This import is no longer waiting for confirmation."))
        return None
    data = import_files.load_stash(token)
    _forget(request, key)
    if data is None:
        messages.error(request, _("The uploaded file has expired; upload it again."))
        return None
    return write(data)


# --- dossiers of a round --------------------------------------------------------------------


def _dossier_context(award_round):
    return {"award_round": award_round, "max_cell": import_files.MAX_CELL_CHARS}


@login_required
def dossier_import(request, code):
    award_round = round_for_secretariat(request, code)
    form = SpreadsheetUploadForm(request.POST or None, request.FILES or None)
    return _preview(
        request,
        form=form,
        key=_session_key(award_round),
        check=lambda data: imports.import_dossiers(
            award_round=award_round, data=data, by=request.user, dry_run=True
        ),
        context=_dossier_context(award_round),
        template="secretariat/imports.html",
    )


@login_required
@require_POST
def dossier_import_confirm(request, code):
    award_round = round_for_secretariat(request, code)
    report = _confirm(
        request,
        key=_session_key(award_round),
        write=lambda data: imports.import_dossiers(
            award_round=award_round, data=data, by=request.user, dry_run=False
        ),
    )
    if report is not None and report.written:
        messages.success(
            request,
            _("Imported: %(new)d new and %(updated)d changed dossier(s).")
            % {"new": report.new, "updated": report.updated},
        )
    elif report is not None:
        # the data changed between the preview and the confirmation: show what is wrong now
        messages.error(request, _("Nothing was imported: the file no longer passes the checks."))
        context = _dossier_context(award_round)
        context |= {"form": SpreadsheetUploadForm(), "report": report, "confirm_form": None}
        return render(request, "secretariat/imports.html", context)
    return redirect("secretariat:import_dossiers", code=award_round.code)


@login_required
@require_POST
def dossier_import_cancel(request, code):
    award_round = round_for_secretariat(request, code)
    _forget(request, _session_key(award_round))
    messages.success(request, _("The import was cancelled; nothing was written."))
    return redirect("secretariat:import_dossiers", code=award_round.code)


@login_required
@require_GET
def dossier_template(request, code):
    award_round = round_for_secretariat(request, code)
    content = imports.dossier_template_xlsx(award_round=award_round)
    return _xlsx_response(content, f"{award_round.code}-mau-nhap-ho-so.xlsx")


@login_required
@require_GET
def dossier_export(request, code):
    award_round = round_for_secretariat(request, code)
    content = imports.export_dossiers_xlsx(award_round=award_round)
    return _xlsx_response(content, imports.export_filename(award_round, "ho-so"))


# --- administrative units (system administrator) --------------------------------------------


def _require_sysadmin(request):
    if not access.is_sysadmin(request.user):
        raise Http404


@login_required
def unit_import(request):
    _require_sysadmin(request)
    form = SpreadsheetUploadForm(request.POST or None, request.FILES or None)
    return _preview(
        request,
        form=form,
        key=UNITS_SESSION_KEY,
        check=lambda data: imports.import_units(data=data, dry_run=True),
        context={"max_cell": import_files.MAX_CELL_CHARS},
        template="secretariat/imports_units.html",
    )


@login_required
@require_POST
def unit_import_confirm(request):
    _require_sysadmin(request)
    report = _confirm(
        request,
        key=UNITS_SESSION_KEY,
        write=lambda data: imports.import_units(data=data, dry_run=False),
    )
    if report is not None and report.written:
        messages.success(
            request,
            _("Imported: %(new)d new and %(updated)d changed administrative unit(s).")
            % {"new": report.new, "updated": report.updated},
        )
    elif report is not None:
        messages.error(request, _("Nothing was imported: the file no longer passes the checks."))
        context = {"max_cell": import_files.MAX_CELL_CHARS, "form": SpreadsheetUploadForm()}
        context |= {"report": report, "confirm_form": None}
        return render(request, "secretariat/imports_units.html", context)
    return redirect(reverse("secretariat:import_units"))


@login_required
@require_POST
def unit_import_cancel(request):
    _require_sysadmin(request)
    _forget(request, UNITS_SESSION_KEY)
    messages.success(request, _("The import was cancelled; nothing was written."))
    return redirect("secretariat:import_units")


@login_required
@require_GET
def unit_template(request):
    _require_sysadmin(request)
    return _xlsx_response(imports.unit_template_xlsx(), "mau-don-vi-hanh-chinh.xlsx")
