"""``manage.py rebuild_tallies [<round code> …] [--check]``: the dossier tallies, from the sheets.

The ranking reads each dossier's tally (``scoring.tally``); the application keeps it up to
date in the same transaction as every change to what counts. This command rewrites the
tallies of the given rounds (every round when none is named) after a data fix made outside
the application, or with ``--check`` only names the dossiers whose tally differs from
their sheets and exits with status 1 if there is any.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from awards.models import AwardRound
from scoring.tally import rebuild_round, stale_tallies


class Command(BaseCommand):
    help = "Rewrite (or, with --check, compare) the dossier tallies of rounds from their sheets."

    def add_arguments(self, parser):
        parser.add_argument("round_codes", nargs="*", help="Round codes (default: every round).")
        parser.add_argument(
            "--check", action="store_true", help="Only report tallies that differ; change nothing."
        )

    def handle(self, *args, round_codes, check, **options):
        rounds = AwardRound.objects.select_related("rule_set").order_by("code")
        if round_codes:
            rounds = rounds.filter(code__in=round_codes)
            unknown = sorted(set(round_codes) - set(rounds.values_list("code", flat=True)))
            if unknown:
                raise CommandError(
                    _("No round has the code “%(code)s”.") % {"code": ", ".join(unknown)}
                )
        stale_total = 0
        for award_round in rounds:
            if check:
                stale = stale_tallies(award_round=award_round)
                stale_total += len(stale)
                for code in stale:
                    self.stderr.write(
                        _("Round %(round)s: the tally of dossier %(code)s differs from its sheets.")
                        % {"round": award_round.code, "code": code}
                    )
                continue
            written = rebuild_round(award_round=award_round)
            self.stdout.write(
                _("Round %(round)s: %(count)d dossier tallies rewritten.")
                % {"round": award_round.code, "count": written}
            )
        if check and stale_total:
            raise CommandError(
                _("%(count)d dossier tallies differ from their sheets; run rebuild_tallies.")
                % {"count": stale_total}
            )
        if check:
            self.stdout.write(_("Every dossier tally matches its sheets."))
