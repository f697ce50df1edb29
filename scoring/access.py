"""Roles that panel seats give in a round, reported to awards.access."""

from awards.enums import Role
from scoring.enums import PanelKind, SeatRole


def panel_roles(user, award_round):
    roles = set()
    seats = user.panel_seats.filter(panel__award_round=award_round).values_list(
        "panel__kind", "role"
    )
    for kind, role in seats:
        roles.add(Role.JURY_MEMBER if kind == PanelKind.JURY else Role.COUNCIL_MEMBER)
        if kind == PanelKind.COUNCIL and role == SeatRole.CHAIR:
            roles.add(Role.CHAIR)
    return roles
