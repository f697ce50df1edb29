"""The one place that changes a dossier's state.

``run_transition`` checks, in order: the action exists and is allowed from the current
state; the person holds the role; a note is given where the step needs one; the guards
(each failing guard explains itself); then it runs the django-fsm transition, saves under
the state-based optimistic lock, writes the log row and the submission revision, and only
after the commit announces the change (``dossier_transitioned``) for e-mails.
"""

import contextlib
import contextvars

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from awards.enums import DossierState
from awards.errors import TransitionRefused
from awards.guards import problems_of
from awards.models import Dossier, DossierRevision, DossierTransition

#: Sent after commit with ``dossier``, ``log`` (the DossierTransition) and ``by``.
dossier_transitioned = Signal()
_announcements_muted = contextvars.ContextVar("announcements_muted", default=False)


@contextlib.contextmanager
def announcements_muted():
    """Transitions run inside this block announce nothing (no e-mails), even after commit.

    For replaying history (demo data, migrations of old rounds), never for live work.
    """
    token = _announcements_muted.set(True)
    try:
        yield
    finally:
        _announcements_muted.reset(token)


#: Facts copied into each submission revision.
REVISION_FACTS = [
    "title", "product_group", "is_product_set", "description", "raw_materials",
    "production_capacity", "annual_revenue", "jobs", "markets", "standards", "title_sought",
    "craft", "years_in_craft", "works", "works_count", "prizes", "trainees_count",
    "titles_held", "declarations",
]  # fmt: skip


def transition_meta(action):
    """The django-fsm metadata of a transition method, or None for an unknown name."""
    method = getattr(Dossier, action, None)
    return getattr(method, "_django_fsm", None)


def transition_label(action):
    meta = transition_meta(action)
    if meta is None:
        return action
    return next(iter(meta.transitions.values())).custom.get("label", action)


def action_names():
    """Every transition name on the dossier machine, in definition order."""
    specs = Dossier._meta.get_field("state").get_all_transitions(Dossier)
    return list(dict.fromkeys(spec.name for spec in specs))


def _refuse(message, problems=()):
    problems = list(problems)
    if problems:
        message = f"{message} {' '.join(problems)}"
    raise TransitionRefused(message, problems=problems)


def check_transition(*, dossier, action, by, note=""):
    """Raise ``TransitionRefused`` explaining why ``by`` may not run ``action`` now."""
    meta = transition_meta(action)
    if meta is None:
        _refuse(_("Unknown action “%(action)s”.") % {"action": action})
    label = transition_label(action)
    state = dossier.state
    if not meta.has_transition(state):
        _refuse(
            _("“%(action)s” is not possible while the dossier is “%(state)s”.")
            % {"action": label, "state": DossierState(state).label}
        )
    if not meta.has_transition_perm(dossier, state, by):
        _refuse(_("You do not have the right to “%(action)s” this dossier.") % {"action": label})
    spec = meta.get_transition(state)
    if spec.custom.get("note_required") and not (note or "").strip():
        _refuse(_("“%(action)s” needs a written reason.") % {"action": label})
    problems = [p for condition in spec.conditions for p in problems_of(condition, dossier)]
    if problems:
        _refuse(_("“%(action)s” is not possible yet.") % {"action": label}, problems)
    return spec


def available_actions(*, dossier, user):
    """Actions ``user`` may run from the current state (guards not yet checked), for buttons."""
    names = []
    for action in action_names():
        meta = transition_meta(action)
        if (
            action not in names
            and meta.has_transition(dossier.state)
            and meta.has_transition_perm(dossier, dossier.state, user)
        ):
            names.append(action)
    return names


def run_transition(*, dossier, action, by, note="", **params):
    """Run ``action`` on ``dossier`` for ``by`` and return the fresh dossier.

    Steps: check (state, role, note, guards) → transition → save with the state lock →
    log row → revision on (re)submission → after commit, announce.
    """
    check_transition(dossier=dossier, action=action, by=by, note=note)
    source = dossier.state
    try:
        with transaction.atomic():
            getattr(dossier, action)(**params)
            dossier.state_changed_at = timezone.now()
            dossier.save()
            log = DossierTransition.objects.create(
                dossier=dossier, name=action, source=source, target=dossier.state, by=by,
                note=(note or "").strip(), at=dossier.state_changed_at,
            )  # fmt: skip
            if action in ("submit", "resubmit", "receive_nomination"):
                record_revision(dossier=dossier, by=by)
    except ConcurrentTransition:
        dossier.refresh_from_db()
        raise TransitionRefused(
            _(
                "Someone else changed this dossier a moment ago (it is now “%(state)s”). "
                "Nothing was saved; reload the page and check again."
            )
            % {"state": DossierState(dossier.state).label}
        ) from None
    if not _announcements_muted.get():
        transaction.on_commit(
            lambda: dossier_transitioned.send(sender=Dossier, dossier=dossier, log=log, by=by)
        )
    return dossier


def record_revision(*, dossier, by):
    """Freeze what was submitted: the facts and the current documents (kept forever)."""
    number = dossier.revisions.count() + 1
    facts = {}
    for name in REVISION_FACTS:
        value = getattr(dossier, name)
        facts[name] = (
            value if isinstance(value, (str, int, bool, list, dict, type(None))) else str(value)
        )
    revision = DossierRevision.objects.create(
        dossier=dossier, number=number, submitted_by=by, facts=facts,
        submitted_at=dossier.last_submitted_at or timezone.now(),
    )  # fmt: skip
    revision.documents.set(dossier.documents.current())
    return revision
