"""Councils and juries of a round: panels, seats, invitations and the admission list.

Plain functions with keyword-only arguments and no ``request``. They raise ``DomainError``
(or ``ValidationError`` for a bad e-mail address) with a message a person can read, run in
one transaction, and send e-mail only after it commits. Every change is written to the
round's activity log (``RoundEvent``).
"""

import functools
import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from awards import access
from awards.enums import DossierState, ProductGroup
from awards.errors import DomainError
from awards.mail import send_mail_from_template
from awards.models import Dossier, RoundEvent, User
from awards.text import fold, nfc
from scoring.enums import PanelKind, SeatRole, SheetStatus
from scoring.models import Panel, PanelMember, ScoreSheet

logger = logging.getLogger(__name__)

#: Roles in the order a panel's list shows them.
ROLE_ORDER = [SeatRole.CHAIR, SeatRole.VICE_CHAIR, SeatRole.MEMBER, SeatRole.SECRETARY]
#: States of the dossiers the council admits to scoring (or that were admitted already).
ADMISSION_STATES = (DossierState.ACCEPTED, DossierState.IN_SCORING)
ADMISSION_ACTION = "admission_approved"
USER_SEARCH_LIMIT = 20


def _log(*, award_round, action, by, note="", **data):
    return RoundEvent.objects.create(
        award_round=award_round, action=action, by=by, note=note, data=data
    )


# --- panels ---------------------------------------------------------------------------------


def create_panel(*, award_round, kind, name, by, established_by="", assignment_mode=None):
    """Set up a council or a jury for ``award_round`` and log it."""
    name = nfc(name)
    if not name:
        raise DomainError(_("Give the panel a name."))
    if kind not in PanelKind.values:
        raise DomainError(_("Choose whether the panel is a council or a jury."))
    fields = {"assignment_mode": assignment_mode} if assignment_mode else {}
    with transaction.atomic():
        panel = Panel.objects.create(
            award_round=award_round,
            kind=kind,
            name=name,
            established_by=nfc(established_by),
            **fields,
        )
        _log(award_round=award_round, action="panel_created", by=by, panel=panel.pk, name=name)
    return panel


def panels_of(award_round):
    """The round's panels, councils first, each with its number of seats."""
    return (
        Panel.objects.filter(award_round=award_round)
        .annotate(seat_count=Count("members"))
        .order_by("kind", "name", "pk")
    )


def members_of(panel):
    """The panel's seats: chair, vice-chair(s), members, secretary; users loaded."""
    order = Case(
        *[When(role=role, then=Value(index)) for index, role in enumerate(ROLE_ORDER)],
        default=Value(len(ROLE_ORDER)),
        output_field=IntegerField(),
    )
    return (
        PanelMember.objects.filter(panel=panel)
        .select_related("user")
        .annotate(role_order=order)
        .order_by("role_order", "user__full_name", "pk")
    )


# --- seats ----------------------------------------------------------------------------------


def _clean_groups(product_groups):
    groups = [str(g) for g in (product_groups or [])]
    unknown = [g for g in groups if g not in ProductGroup.values]
    if unknown:
        raise DomainError(_("Unknown product group: %(groups)s.") % {"groups": ", ".join(unknown)})
    return sorted(set(groups))


def _refuse_second_chair(panel, *, role, exclude_pk=None):
    if role != SeatRole.CHAIR:
        return
    chairs = PanelMember.objects.filter(panel=panel, role=SeatRole.CHAIR)
    if exclude_pk is not None:
        chairs = chairs.exclude(pk=exclude_pk)
    chair = chairs.select_related("user").first()
    if chair is not None:
        raise DomainError(
            _(
                "%(panel)s already has a chair (%(name)s). Change that seat's role first: a "
                "panel has one chair."
            )
            % {"panel": panel.name, "name": chair.user}
        )


def _lock(panel):
    """Serialise seat changes on one panel (two secretaries adding a chair at once)."""
    return Panel.objects.select_for_update().get(pk=panel.pk)


def add_member(*, panel, user, role=SeatRole.MEMBER, by, title="", product_groups=(), notify=True):
    """Give ``user`` a seat on ``panel``.

    1. Refuse an unknown role, a second chair, or a user who already sits on the panel.
    2. Create the seat and log it.
    3. After commit, tell the member by e-mail (when ``notify``).
    """
    if role not in SeatRole.values:
        raise DomainError(_("Choose a role for the member."))
    groups = _clean_groups(product_groups)
    with transaction.atomic():
        _lock(panel)
        if PanelMember.objects.filter(panel=panel, user=user).exists():
            raise DomainError(
                _("%(name)s already sits on %(panel)s.") % {"name": user, "panel": panel.name}
            )
        _refuse_second_chair(panel, role=role)
        try:
            with transaction.atomic():
                member = PanelMember.objects.create(
                    panel=panel,
                    user=user,
                    role=role,
                    title=nfc(title or user.job_title),
                    product_groups=groups,
                )
        except IntegrityError as error:  # the same person added a moment ago
            raise DomainError(
                _("%(name)s already sits on %(panel)s.") % {"name": user, "panel": panel.name}
            ) from error
        _log(
            award_round=panel.award_round, action="panel_member_added", by=by,
            panel=panel.pk, member=member.pk, user=user.pk, role=role,
        )  # fmt: skip
        if notify and user.email:
            transaction.on_commit(functools.partial(send_seat_notice, member=member, by=by))
    return member


def invite_member(*, email, full_name, panel, role, invited_by, title="", product_groups=()):
    """Seat a person known only by e-mail, creating their account when it does not exist.

    1. Check the address. A known address seats that account (no second account).
    2. Otherwise create an active user with an unusable password (the address is the
       login), seat it, and after commit e-mail a link to choose a password.
    """
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise DomainError(_("Enter a valid e-mail address.")) from error
    existing = User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).first()
    if existing is not None and not existing.is_active:
        raise DomainError(
            _(
                "The account with this e-mail address is not active (never confirmed or "
                "disabled); ask the system administrator to activate it first."
            )
        )
    if existing is not None:
        return add_member(
            panel=panel, user=existing, role=role, by=invited_by, title=title,
            product_groups=product_groups,
        )  # fmt: skip
    full_name = nfc(full_name)
    if not full_name:
        raise DomainError(_("Give the invited member's full name."))
    with transaction.atomic():
        user = User(username=email, email=email, full_name=full_name, is_active=True)
        user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as error:
            raise DomainError(_("An account with this e-mail address already exists.")) from error
        member = add_member(
            panel=panel, user=user, role=role, by=invited_by, title=title,
            product_groups=product_groups, notify=False,
        )  # fmt: skip
        _log(
            award_round=panel.award_round, action="panel_member_invited", by=invited_by,
            panel=panel.pk, member=member.pk, user=user.pk, email=email,
        )  # fmt: skip
        transaction.on_commit(functools.partial(send_invitation, member=member, by=invited_by))
    logger.info("User %s invited to panel %s by user %s", user.pk, panel.pk, invited_by.pk)
    return member


def change_member(*, member, by, role=None, title=None, product_groups=None):
    """Change a seat's role, title or product groups (refusing a second chair)."""
    with transaction.atomic():
        _lock(member.panel)
        changed = []
        if role is not None and role != member.role:
            if role not in SeatRole.values:
                raise DomainError(_("Choose a role for the member."))
            _refuse_second_chair(member.panel, role=role, exclude_pk=member.pk)
            member.role = role
            changed.append("role")
        if title is not None and nfc(title) != member.title:
            member.title = nfc(title)
            changed.append("title")
        if product_groups is not None:
            groups = _clean_groups(product_groups)
            if groups != sorted(member.product_groups or []):
                member.product_groups = groups
                changed.append("product_groups")
        if changed:
            member.save(update_fields=changed)
            _log(
                award_round=member.panel.award_round, action="panel_member_changed", by=by,
                panel=member.panel_id, member=member.pk, fields=changed,
            )  # fmt: skip
    return member


def remove_member(*, member, by):
    """Take a seat away.

    1. Refuse when the member has submitted a score sheet (it is part of the record) or
       has voted in a ballot.
    2. Delete their draft sheets, then the seat (assignments and conflicts go with it); log.
    """
    from scoring.models import BallotReceipt

    submitted = (
        ScoreSheet.objects.filter(member=member)
        .filter(Q(status=SheetStatus.SUBMITTED) | Q(submitted_at__isnull=False))
        .count()
    )
    if submitted:
        raise DomainError(
            _(
                "%(name)s has already submitted %(count)d score sheet(s); the seat stays on "
                "the record and cannot be removed."
            )
            % {"name": member.user, "count": submitted}
        )
    if BallotReceipt.objects.filter(member=member).exists():
        raise DomainError(
            _("%(name)s has already voted; the seat cannot be removed.") % {"name": member.user}
        )
    with transaction.atomic():
        ScoreSheet.objects.filter(member=member).delete()
        _log(
            award_round=member.panel.award_round, action="panel_member_removed", by=by,
            panel=member.panel_id, user=member.user_id, role=member.role,
        )  # fmt: skip
        member.delete()


def search_users(*, text, exclude_panel=None, limit=USER_SEARCH_LIMIT):
    """Active users whose name, e-mail or login contains every word of ``text``.

    Accent-insensitive ("nguyen van an" finds "Nguyễn Văn An"). Users have no folded
    column, so the comparison runs in Python over three short columns.
    """
    words = fold(text).split()
    if not words:
        return []
    users = User.objects.filter(is_active=True)
    if exclude_panel is not None:
        users = users.exclude(panel_seats__panel=exclude_panel)
    found = []
    rows = users.order_by("full_name", "pk").values_list("pk", "full_name", "email", "username")
    for pk, full_name, email, username in rows.iterator(chunk_size=2000):
        haystack = fold(f"{full_name} {email or ''} {username}")
        if all(word in haystack for word in words):
            found.append(pk)
            if len(found) >= limit:
                break
    by_pk = User.objects.in_bulk(found)
    return [by_pk[pk] for pk in found]


# --- e-mails (one small function each, so the outbox helper can swap them) -----------------


def set_password_link(user):
    """An absolute link where ``user`` chooses a password (the password-reset page)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    try:
        path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    except NoReverseMatch:  # accounts not mounted: the login page still lets them ask
        path = reverse("login")
    return settings.SITE_URL.rstrip("/") + path


def _send(*, member, by, code, context):
    """Send through ``awards.mail`` (editable template, outbox); a failure is logged and
    recorded there, never raised: the seat exists, the secretariat can resend or phone."""
    user = member.user
    send_mail_from_template(
        code=code,
        to=[user.email],
        award_round=member.panel.award_round,
        context={
            "user": user,
            "recipient_name": user.display_name,
            "email": user.email,
            "inviter_name": by.display_name if by else "",
            "panel_name": member.panel.name,
            "role": member.get_role_display(),
            **context,
        },
    )


def send_invitation(*, member, by):
    _send(
        member=member,
        by=by,
        code="panel_invitation",
        context={
            "member": member,
            "panel": member.panel,
            "award_round": member.panel.award_round,
            "invited_by": by,
            "link": set_password_link(member.user),
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
        },
    )


def send_seat_notice(*, member, by):
    login_link = settings.SITE_URL.rstrip("/") + reverse("login")
    _send(
        member=member,
        by=by,
        code="panel_seat_notice",
        context={
            "member": member,
            "panel": member.panel,
            "award_round": member.panel.award_round,
            "invited_by": by,
            "login_link": login_link,
            "link": login_link,
        },
    )


# --- the admission list ---------------------------------------------------------------------


def admission_candidates(*, award_round):
    """The round's dossiers the council admits to scoring: accepted (or already in scoring)."""
    return (
        Dossier.objects.filter(award_round=award_round, state__in=ADMISSION_STATES)
        .select_related("facility__unit", "artisan__unit")
        .order_by("title_sort", "code")
    )


def council_chair(*, award_round):
    return (
        PanelMember.objects.filter(
            panel__award_round=award_round, panel__kind=PanelKind.COUNCIL, role=SeatRole.CHAIR
        )
        .select_related("user")
        .first()
    )


def may_approve_admission(user, award_round):
    return access.is_round_chair(user, award_round) or access.is_round_secretariat(
        user, award_round
    )


def approve_admission(*, award_round, by, note=""):
    """Record the council's approval of the list of dossiers admitted to scoring.

    1. Only the council chair, or the secretariat recording on the chair's behalf (the
       record says so), may approve.
    2. Refuse an empty list.
    3. Store the admitted dossier ids in a ``RoundEvent`` ("admission_approved").
    """
    is_chair = access.is_round_chair(by, award_round)
    if not (is_chair or access.is_round_secretariat(by, award_round)):
        raise DomainError(_("Only the council chair or the secretariat can approve the list."))
    chair = council_chair(award_round=award_round)
    on_behalf = not is_chair
    if on_behalf and not nfc(note):
        raise DomainError(
            _(
                "When the secretariat records the approval for the chair, note the meeting or "
                "document in which the council approved the list."
            )
        )
    with transaction.atomic():
        ids = list(admission_candidates(award_round=award_round).values_list("pk", flat=True))
        if not ids:
            raise DomainError(_("No accepted dossier is waiting to be admitted to scoring."))
        return _log(
            award_round=award_round,
            action=ADMISSION_ACTION,
            by=by,
            note=nfc(note),
            dossier_ids=ids,
            on_behalf_of_chair=on_behalf,
            chair=chair.user_id if chair else None,
            chair_name=str(chair.user) if chair else "",
        )


def admission_approved(*, award_round):
    """The latest approval of the admission list (a ``RoundEvent``), or None."""
    return (
        RoundEvent.objects.filter(award_round=award_round, action=ADMISSION_ACTION)
        .select_related("by")
        .order_by("-at", "-pk")
        .first()
    )


def admitted_dossier_ids(*, award_round):
    """Ids in the latest approved admission list (empty when none was approved)."""
    approval = admission_approved(award_round=award_round)
    return set(approval.data.get("dossier_ids", [])) if approval else set()
