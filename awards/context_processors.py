"""Template context for the navigation: which work areas the signed-in person has.

Evaluated lazily, so pages that do not render the menu run no query for it.
"""

from dataclasses import dataclass

from django.apps import apps
from django.utils.functional import SimpleLazyObject


@dataclass(frozen=True)
class WorkAreas:
    secretariat: bool = False
    jury: bool = False
    council: bool = False

    @property
    def applicant(self):
        """Applicant links are shown to everyone who has no office role."""
        return not (self.secretariat or self.jury or self.council)


def work_areas(user):
    if not user.is_authenticated:
        return WorkAreas()
    panel_member = apps.get_model("scoring", "PanelMember")
    kinds = set(panel_member.objects.filter(user=user).values_list("panel__kind", flat=True))
    secretariat = user.is_superuser or user.agency_memberships.filter(active=True).exists()
    return WorkAreas(secretariat=secretariat, jury="jury" in kinds, council="council" in kinds)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"work_areas": SimpleLazyObject(lambda: work_areas(user))}
