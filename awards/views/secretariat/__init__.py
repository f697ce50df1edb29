"""The secretariat's workspace (mounted at /secretariat/).

Every page checks ``awards.access.is_round_secretariat`` for the round it shows; anyone
else, including the secretariat of another organising unit, gets 404, so existence does
not leak. Anonymous visitors are sent to the login page.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from awards import access
from awards.enums import DossierState
from awards.models import AwardRound, Dossier


def round_for_secretariat(request, code):
    """The round ``code`` if the signed-in person is its secretariat; 404 otherwise."""
    award_round = get_object_or_404(
        AwardRound.objects.select_related("organiser", "rule_set", "unit"), code=code
    )
    if not access.is_round_secretariat(request.user, award_round):
        raise Http404
    return award_round


def dossier_for_secretariat(request, pk, queryset=None):
    """A submitted dossier of a round the person runs; 404 for drafts and everyone else."""
    queryset = queryset if queryset is not None else Dossier.objects.select_related("award_round")
    dossier = get_object_or_404(queryset.exclude(state=DossierState.DRAFT), pk=pk)
    if not access.is_round_secretariat(request.user, dossier.award_round):
        raise Http404
    return dossier
