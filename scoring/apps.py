from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Scoring and voting")

    def ready(self):
        from awards.access import register_role_provider
        from scoring.access import panel_roles

        register_role_provider(panel_roles)
