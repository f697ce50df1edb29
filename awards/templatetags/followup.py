"""``{% submit_form dossier %}``: the one-time submit (or resubmit) form for any page.

The editor and the status page both draw the button through this tag, so the form always
carries the one-time submission token that makes a double click submit once.
"""

from django import template

from awards.followup import may_submit, submission_token, submit_action
from awards.workflow import transition_label

register = template.Library()


@register.inclusion_tag("portal/followup/submit_form.html", takes_context=True)
def submit_form(context, dossier, token=None):
    return {
        "dossier": dossier,
        "may_submit": may_submit(dossier),
        "token": token or submission_token(dossier),
        "label": transition_label(submit_action(dossier)),
        "csrf_token": context.get("csrf_token"),
    }
