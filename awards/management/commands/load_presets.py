"""``manage.py load_presets``: administrative units and rule-set presets, safe to run again."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from awards.mail import seed_mail_templates
from awards.presets.holidays import load_holidays
from awards.presets.loader import load_admin_units, load_rule_set_presets


class Command(BaseCommand):
    help = "Load the administrative units and the rule-set presets (idempotent)."

    def handle(self, *args, **options):
        try:
            units = load_admin_units()
            presets = load_rule_set_presets()
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Administrative units: %(units)d (%(units_new)d new, %(units_changed)d "
                    "updated); rule-set presets: %(presets)d (%(presets_new)d new, "
                    "%(presets_changed)d updated)."
                )
                % {
                    "units": units.total,
                    "units_new": units.created,
                    "units_changed": units.updated,
                    "presets": presets.total,
                    "presets_new": presets.created,
                    "presets_changed": presets.updated,
                }
            )
        )
        seed_mail_templates()  # the editable e-mail templates: creates missing ones only
        load_holidays()  # public holidays 2025–2027: creates missing days only, silently
