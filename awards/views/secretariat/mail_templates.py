"""The e-mail template editor: list, edit with the placeholders shown, preview, restore.

For system administrators and secretariat staff (any active agency membership); everyone
else gets 404. The templates are shared by every round.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from awards import mail
from awards.errors import DomainError
from awards.forms.round_control import MailTemplateForm, template_version
from awards.mail_catalogue import MAIL_KINDS, PLACEHOLDER_HELP, kind_of
from awards.models import MailTemplate


def _require_editor(request):
    if not mail.may_edit_mail_templates(request.user):
        raise Http404


@require_GET
@login_required
def template_list(request):
    _require_editor(request)
    rows = {t.code: t for t in MailTemplate.objects.all()}
    entries = [(kind, rows.get(kind.code)) for kind in MAIL_KINDS]
    return render(request, "secretariat/mail_templates.html", {"entries": entries})


def _placeholders(kind):
    return [(name, PLACEHOLDER_HELP.get(name, "")) for name in kind.placeholders]


@require_http_methods(["GET", "POST"])
@login_required
def template_edit(request, code):
    """GET: the form. POST ``action``: "preview" (nothing saved), "save" or "restore"."""
    _require_editor(request)
    kind = kind_of(code)
    if kind is None:
        raise Http404
    template = MailTemplate.objects.filter(code=code).first()
    preview = None
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "restore":
        mail.restore_mail_template(code=code, by=request.user)
        messages.success(request, _("The built-in text was put back."))
        return redirect("secretariat:mail_template", code=code)
    if request.method == "POST":
        form = MailTemplateForm(request.POST)
        if form.is_valid():
            subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
            unknown = mail.unknown_placeholders(code=code, subject=subject, body=body)
            if unknown:
                messages.warning(
                    request,
                    _("These placeholders are not in the list and stay empty: %(names)s.")
                    % {"names": ", ".join(unknown)},
                )
            try:
                if action == "save":
                    mail.save_mail_template(
                        code=code, subject=subject, body=body, by=request.user,
                        expected_updated_at=form.cleaned_data["version"],
                    )  # fmt: skip
                    messages.success(request, _("The e-mail was saved."))
                    return redirect("secretariat:mail_template", code=code)
                preview = mail.preview(subject=subject, body=body, code=code)
            except (DomainError, mail.TemplateTextError) as error:
                form.add_error(None, str(error))
    else:
        source = template or kind
        form = MailTemplateForm(
            initial={
                "subject": source.subject,
                "body": source.body,
                "version": template_version(template),
            }
        )
    context = {
        "kind": kind,
        "template": template,
        "form": form,
        "preview": preview,
        "placeholders": _placeholders(kind),
        "edited": template is not None
        and (template.subject, template.body) != (kind.subject, kind.body),
    }
    return render(request, "secretariat/mail_templates_edit.html", context)
