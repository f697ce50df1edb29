"""The secretariat's pages for a round's councils and juries.

Panels and seats, the admission list, assignments with the load per member, and
conflicts of interest. Every page is for the round's secretariat (the admission list also
for the council chair); anyone else gets 404, so a round's panels do not leak.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import access
from awards.errors import DomainError
from awards.models import Artisan, AwardRound, Dossier, Facility, User
from awards.views.secretariat import round_for_secretariat
from scoring import assignments, panels
from scoring.conflicts import conflicted_dossier_ids, declare_conflict
from scoring.enums import PanelKind
from scoring.models import Conflict, Panel, PanelMember
from scoring.panel_forms import (
    AdmissionForm,
    AssignmentModeForm,
    ByHandForm,
    ConflictForm,
    MemberAddForm,
    MemberChangeForm,
    MemberInviteForm,
    PanelForm,
    UserSearchForm,
)


def _round(code):
    return get_object_or_404(AwardRound.objects.select_related("organiser"), code=code)


def _panel(award_round, panel_id):
    return get_object_or_404(Panel, pk=panel_id, award_round=award_round)


def _member(panel, member_id):
    return get_object_or_404(
        PanelMember.objects.select_related("user", "panel"), pk=member_id, panel=panel
    )


def _refused(request, error):
    message = error.message if isinstance(error, DomainError) else " ".join(error.messages)
    messages.error(request, message)


# --- panels ---------------------------------------------------------------------------------


@login_required
def panel_list(request, code):
    award_round = round_for_secretariat(request, code)
    form = PanelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            panel = panels.create_panel(
                award_round=award_round, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            _refused(request, error)
        else:
            messages.success(
                request, _("%(name)s is set up. Now add its members.") % {"name": panel.name}
            )
            return redirect("scoring:panel_detail", code=code, panel_id=panel.pk)
    context = {
        "award_round": award_round,
        "panels": panels.panels_of(award_round),
        "form": form,
        "admission": panels.admission_approved(award_round=award_round),
    }
    return render(request, "scoring/panels.html", context)


@login_required
def panel_detail(request, code, panel_id):
    award_round = round_for_secretariat(request, code)
    panel = _panel(award_round, panel_id)
    search = UserSearchForm(request.GET or None)
    found = []
    if search.is_valid() and search.cleaned_data["q"]:
        found = panels.search_users(text=search.cleaned_data["q"], exclude_panel=panel)
    members = list(panels.members_of(panel))
    for member in members:
        member.change_form = MemberChangeForm(
            initial={
                "role": member.role,
                "title": member.title,
                "product_groups": member.product_groups,
            },
            prefix=f"m{member.pk}",
        )
    context = {
        "award_round": award_round,
        "panel": panel,
        "members": members,
        "search": search,
        "found": found,
        "add_form": MemberAddForm(),
        "invite_form": MemberInviteForm(),
    }
    return render(request, "scoring/panels_detail.html", context)


def _seat_data(form):
    data = form.cleaned_data
    return {"role": data["role"], "title": data["title"], "product_groups": data["product_groups"]}


@login_required
@require_POST
def member_add(request, code, panel_id):
    award_round = round_for_secretariat(request, code)
    panel = _panel(award_round, panel_id)
    form = MemberAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a person and a role."))
        return redirect("scoring:panel_detail", code=code, panel_id=panel.pk)
    user = get_object_or_404(User, pk=form.cleaned_data["user"], is_active=True)
    try:
        member = panels.add_member(panel=panel, user=user, by=request.user, **_seat_data(form))
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("%(name)s now sits on %(panel)s as %(role)s.")
            % {"name": user, "panel": panel.name, "role": member.get_role_display()},
        )
    return redirect("scoring:panel_detail", code=code, panel_id=panel.pk)


@login_required
@require_POST
def member_invite(request, code, panel_id):
    award_round = round_for_secretariat(request, code)
    panel = _panel(award_round, panel_id)
    form = MemberInviteForm(request.POST)
    if form.is_valid():
        try:
            member = panels.invite_member(
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                panel=panel,
                invited_by=request.user,
                **_seat_data(form),
            )
        except (DomainError, ValidationError) as error:
            _refused(request, error)
        else:
            messages.success(
                request,
                _("%(name)s now sits on %(panel)s; an e-mail has been sent to %(email)s.")
                % {"name": member.user, "panel": panel.name, "email": member.user.email},
            )
            return redirect("scoring:panel_detail", code=code, panel_id=panel.pk)
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("scoring:panel_detail", code=code, panel_id=panel.pk)


@login_required
@require_POST
def member_change(request, code, panel_id, member_id):
    award_round = round_for_secretariat(request, code)
    panel = _panel(award_round, panel_id)
    member = _member(panel, member_id)
    form = MemberChangeForm(request.POST, prefix=f"m{member.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose a role for the member."))
    else:
        try:
            panels.change_member(member=member, by=request.user, **_seat_data(form))
        except DomainError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The seat of %(name)s is saved.") % {"name": member.user})
    return redirect("scoring:panel_detail", code=code, panel_id=panel.pk)


@login_required
@require_POST
def member_remove(request, code, panel_id, member_id):
    award_round = round_for_secretariat(request, code)
    panel = _panel(award_round, panel_id)
    member = _member(panel, member_id)
    try:
        panels.remove_member(member=member, by=request.user)
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("%(name)s no longer sits on %(panel)s.") % {"name": member.user, "panel": panel.name},
        )
    return redirect("scoring:panel_detail", code=code, panel_id=panel.pk)


# --- assignments ----------------------------------------------------------------------------


def _jury(award_round, panel_id):
    panel = _panel(award_round, panel_id)
    if panel.kind != PanelKind.JURY:
        raise Http404
    return panel


@login_required
def panel_assignments(request, code, panel_id):
    award_round = round_for_secretariat(request, code)
    panel = _jury(award_round, panel_id)
    mode_form = AssignmentModeForm(initial={"mode": panel.assignment_mode})
    if request.method == "POST":
        try:
            if request.POST.get("action") == "mode":
                mode_form = AssignmentModeForm(request.POST)
                if mode_form.is_valid():
                    assignments.set_mode(
                        panel=panel, mode=mode_form.cleaned_data["mode"], by=request.user
                    )
                    messages.success(request, _("The assignment mode is saved."))
                    return redirect("scoring:panel_assignments", code=code, panel_id=panel.pk)
            elif request.POST.get("action") == "assign":
                added = assignments.assign(panel=panel, by=request.user)
                messages.success(request, _("%(count)d new assignment(s) made.") % {"count": added})
                return redirect("scoring:panel_assignments", code=code, panel_id=panel.pk)
        except DomainError as error:
            _refused(request, error)
    context = {
        "award_round": award_round,
        "panel": panel,
        "members": assignments.load_per_member(panel=panel),
        "mode_form": mode_form,
        "assignable": assignments.assignable_dossiers(award_round=award_round).count(),
        "admission": panels.admission_approved(award_round=award_round),
    }
    return render(request, "scoring/panels_assignments.html", context)


@login_required
def member_assignments(request, code, panel_id, member_id):
    award_round = round_for_secretariat(request, code)
    panel = _jury(award_round, panel_id)
    member = _member(panel, member_id)
    rows = list(assignments.member_assignments(member=member))
    open_dossiers = (
        assignments.assignable_dossiers(award_round=award_round)
        .exclude(assignments__member=member)
        .exclude(pk__in=conflicted_dossier_ids(member=member))
        .order_by("title_sort", "code")
    )
    form = ByHandForm(request.POST or None, dossiers=open_dossiers)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remove":
                dossier = get_object_or_404(
                    Dossier, pk=request.POST.get("dossier"), award_round=award_round
                )
                if assignments.unassign(member=member, dossier=dossier, by=request.user):
                    messages.success(
                        request, _("%(code)s is no longer assigned.") % {"code": dossier.code}
                    )
                return redirect(
                    "scoring:member_assignments", code=code, panel_id=panel.pk, member_id=member.pk
                )
            if form.is_valid():
                added = assignments.assign_by_hand(
                    member=member, dossiers=form.cleaned_data["dossiers"], by=request.user
                )
                messages.success(request, _("%(count)d dossier(s) assigned.") % {"count": added})
                return redirect(
                    "scoring:member_assignments", code=code, panel_id=panel.pk, member_id=member.pk
                )
        except DomainError as error:
            _refused(request, error)
    context = {
        "award_round": award_round,
        "panel": panel,
        "member": member,
        "rows": rows,
        "form": form,
    }
    return render(request, "scoring/panels_member.html", context)


# --- the admission list ---------------------------------------------------------------------


@login_required
def admission(request, code):
    award_round = _round(code)
    if not panels.may_approve_admission(request.user, award_round):
        raise Http404
    is_chair = access.is_round_chair(request.user, award_round)
    form = AdmissionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            panels.approve_admission(
                award_round=award_round, by=request.user, note=form.cleaned_data["note"]
            )
        except DomainError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The list of dossiers admitted to scoring is approved."))
            return redirect("scoring:admission", code=code)
    approval = panels.admission_approved(award_round=award_round)
    dossiers = list(panels.admission_candidates(award_round=award_round))
    approved_ids = set(approval.data.get("dossier_ids", [])) if approval else set()
    for dossier in dossiers:
        dossier.on_approved_list = dossier.pk in approved_ids
    context = {
        "award_round": award_round,
        "dossiers": dossiers,
        "approval": approval,
        "not_on_list": sum(1 for d in dossiers if not d.on_approved_list) if approval else 0,
        "form": form,
        "is_chair": is_chair,
        "chair": panels.council_chair(award_round=award_round),
        "is_secretariat": access.is_round_secretariat(request.user, award_round),
    }
    return render(request, "scoring/panels_admission.html", context)


# --- conflicts of interest ------------------------------------------------------------------


def _applicant_choices(award_round):
    """ "f<id>"/"a<id>" choices for the round's facilities and artisans, in Vietnamese order."""
    facility_ids = Dossier.objects.filter(award_round=award_round, facility__isnull=False).values(
        "facility"
    )
    artisan_ids = Dossier.objects.filter(award_round=award_round, artisan__isnull=False).values(
        "artisan"
    )
    choices = [
        (f"f{f.pk}", f.name)
        for f in Facility.objects.filter(pk__in=facility_ids).order_by("name_sort")
    ]
    choices += [
        (f"a{a.pk}", a.full_name)
        for a in Artisan.objects.filter(pk__in=artisan_ids).order_by("name_sort")
    ]
    return choices


def _conflict_target(award_round, data):
    """The dossier, facility or artisan the form names (404-free: errors for the person)."""
    if data.get("dossier_code"):
        dossier = Dossier.objects.filter(
            award_round=award_round, code=data["dossier_code"].strip()
        ).first()
        if dossier is None:
            raise DomainError(
                _("No dossier of this round has the code “%(code)s”.")
                % {"code": data["dossier_code"]}
            )
        return {"dossier": dossier}
    kind, pk = data["applicant"][:1], data["applicant"][1:]
    model = Facility if kind == "f" else Artisan
    target = model.objects.filter(pk=pk).first() if pk.isdigit() else None
    if target is None:
        raise DomainError(_("Choose an applicant of this round."))
    return {"facility": target} if kind == "f" else {"artisan": target}


@login_required
def conflicts(request, code):
    award_round = round_for_secretariat(request, code)
    members = (
        PanelMember.objects.filter(panel__award_round=award_round)
        .select_related("user", "panel")
        .order_by("panel__kind", "panel__name", "user__full_name")
    )
    form = ConflictForm(
        request.POST or None, members=members, applicants=_applicant_choices(award_round)
    )
    if request.method == "POST" and form.is_valid():
        try:
            target = _conflict_target(award_round, form.cleaned_data)
            declare_conflict(
                member=form.cleaned_data["member"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                **target,
            )
        except DomainError as error:
            _refused(request, error)
        else:
            messages.success(
                request,
                _(
                    "The conflict of interest of %(name)s is recorded; their assignments and draft sheets for it are removed."
                )
                % {"name": form.cleaned_data["member"].user},
            )
            return redirect("scoring:panel_conflicts", code=code)
    recorded = (
        Conflict.objects.filter(member__panel__award_round=award_round)
        .select_related(
            "member__user", "member__panel", "dossier", "facility", "artisan", "declared_by"
        )
        .order_by("-created_at", "-pk")
    )
    context = {"award_round": award_round, "form": form, "conflicts": recorded}
    return render(request, "scoring/panels_conflicts.html", context)
