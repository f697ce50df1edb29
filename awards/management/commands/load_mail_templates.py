"""``manage.py load_mail_templates``: seed the editable e-mail templates, safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from awards.mail import seed_mail_templates


class Command(BaseCommand):
    help = (
        "Create the e-mail templates that are missing (Vietnamese text). Templates the "
        "secretariat edited are kept unless --reset is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Overwrite every template with the built-in text (edits are lost).",
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            created, reset = seed_mail_templates(reset=options["reset"])
        self.stdout.write(
            self.style.SUCCESS(
                _("E-mail templates: %(created)d created, %(reset)d reset to the built-in text.")
                % {"created": created, "reset": reset}
            )
        )
