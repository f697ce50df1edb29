"""Template helpers shared by every page: state badges and role labels."""

from django import template

from awards.enums import FINAL_STATES, HONOURED_STATES, DossierState, Role

register = template.Library()

S = DossierState


def state_tone(state):
    """The colour group of a dossier state, used as a CSS modifier (``badge--<tone>``)."""
    if state == S.DRAFT:
        return "draft"
    if state == S.SUBMITTED:
        return "submitted"
    if state == S.RETURNED:
        return "returned"
    if state in HONOURED_STATES:
        return "honoured"
    if state == S.WITHDRAWN:
        return "closed"
    if state in FINAL_STATES:
        return "negative"
    return "progress"


@register.filter
def state_group(state):
    return state_tone(state)


@register.inclusion_tag("components/state_badge.html")
def state_badge(state, count=None):
    """``{% state_badge dossier.state %}``; with ``count`` it reads "Submitted 3"."""
    label = S(state).label if state in S.values else state
    return {"tone": state_tone(state), "label": label, "count": count}


@register.filter
def role_label(role):
    return Role(role).label if role in Role.values else role


@register.simple_tag(takes_context=True)
def secretariat_of(context, award_round):
    """True when the signed-in person works in ``award_round``'s secretariat (menus only)."""
    from awards.access import is_round_secretariat

    request = context.get("request")
    return bool(request and is_round_secretariat(request.user, award_round))
