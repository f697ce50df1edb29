"""Business operations on rounds and dossiers (keyword-only, no request objects)."""

from django.db import IntegrityError, transaction
from django.db.models import Max

from awards.models import AwardRound, Dossier
from awards.rulesets import copy_rule_set


@transaction.atomic
def create_round(*, preset, **fields):
    """Create a round with its own copy of ``preset``'s rules."""
    return AwardRound.objects.create(rule_set=copy_rule_set(preset=preset), **fields)


def next_dossier_code(award_round):
    prefix = f"{award_round.code_prefix}-"
    taken = award_round.dossiers.filter(code__startswith=prefix).aggregate(n=Max("code"))["n"]
    tail = taken.rsplit("-", 1)[-1] if taken else "0"
    number = int(tail) + 1 if tail.isdigit() else award_round.dossiers.count() + 1
    return f"{award_round.code_prefix}-{number:04d}"


def create_dossier(*, award_round, owner=None, **fields):
    """Create a draft dossier with the next free code of its round (retrying on a race)."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Dossier.objects.create(
                    award_round=award_round,
                    owner=owner,
                    code=next_dossier_code(award_round),
                    **fields,
                )
        except IntegrityError:
            continue
    raise IntegrityError("could not allocate a dossier code")
