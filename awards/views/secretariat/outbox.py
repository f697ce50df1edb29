"""The outbox: what the system e-mailed to whom, when, and whether it left.

A round's outbox is for its secretariat (404 for everyone else, including the secretariat
of another unit); the outbox of every e-mail (account e-mails have no round) is for system
administrators only. Two queries per page whatever the number of e-mails: the count and
the page with its dossier joined.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from awards import access
from awards.forms.round_control import OutboxFilterForm
from awards.mail_catalogue import KINDS_BY_CODE
from awards.models import OutboundMail
from awards.views.secretariat import round_for_secretariat

MAILS_PER_PAGE = 25


def _page(request, mails):
    form = OutboxFilterForm(request.GET or None)
    filters = form.filters()
    if filters.get("template"):
        mails = mails.filter(template_code=filters["template"])
    if filters.get("status"):
        mails = mails.filter(status=filters["status"])
    page = Paginator(
        mails.select_related("dossier", "award_round").order_by("-sent_at", "-pk"),
        MAILS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    for mail in page.object_list:
        kind = KINDS_BY_CODE.get(mail.template_code)
        mail.kind_name = kind.name if kind else mail.template_code
    return form, filters, page


@require_GET
@login_required
def round_outbox(request, code):
    award_round = round_for_secretariat(request, code)
    form, filters, page = _page(request, OutboundMail.objects.filter(award_round=award_round))
    context = {"award_round": award_round, "form": form, "filters": filters, "page": page}
    return render(request, "secretariat/outbox.html", context)


@require_GET
@login_required
def all_outbox(request):
    if not access.is_sysadmin(request.user):
        raise Http404
    form, filters, page = _page(request, OutboundMail.objects.all())
    context = {"award_round": None, "form": form, "filters": filters, "page": page}
    return render(request, "secretariat/outbox.html", context)
