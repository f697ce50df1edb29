"""``manage.py verify_scores <round code>``: check the sealed scores against the database.

Recomputes every sealed sheet's hash from the database and the chain over them, compares
with the round's latest result snapshot, and prints ``OK`` with the chain head, or names every
sheet whose content changed (dossier code, judge, sheet id) and exits with status 1.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from awards.errors import DomainError
from awards.models import AwardRound
from scoring.seal import verify_seal


class Command(BaseCommand):
    help = "Verify a round's sealed score sheets against the database."

    def add_arguments(self, parser):
        parser.add_argument("round_code", help="The round's code.")

    def handle(self, *args, round_code, **options):
        award_round = AwardRound.objects.filter(code=round_code).first()
        if award_round is None:
            raise CommandError(_("No round has the code “%(code)s”.") % {"code": round_code})
        try:
            snapshot, head, problems = verify_seal(award_round=award_round)
        except DomainError as error:
            raise CommandError(error.message) from None
        if not problems:
            self.stdout.write(
                _("OK %(head)s (%(count)d sheets, sealed %(at)s)")
                % {
                    "head": head,
                    "count": len(snapshot.sheet_hashes),
                    "at": snapshot.created_at.isoformat(timespec="seconds"),
                }
            )
            return
        for problem in problems:
            if problem.sheet_id is None:
                self.stderr.write(f"{problem.kind.upper()}: {problem.message}")
            else:
                self.stderr.write(
                    _(
                        "%(kind)s: dossier %(dossier)s, judge %(judge)s, sheet %(sheet)d — %(message)s"
                    )
                    % {
                        "kind": problem.kind.upper(),
                        "dossier": problem.dossier_code,
                        "judge": problem.judge,
                        "sheet": problem.sheet_id,
                        "message": problem.message,
                    }
                )
        raise CommandError(
            _(
                "The sealed scores do not match the database: %(count)d problem(s). Sealed head %(sealed)s, recomputed %(head)s."
            )
            % {"count": len(problems), "sealed": snapshot.chain_head, "head": head}
        )
