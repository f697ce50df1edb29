from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from awards import notifications

        notifications.connect()
        import awards.review  # noqa: F401  (connects the receiver marking supplement requests answered)
