"""Statistics for the secretariat over the rounds its organising units run."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from awards import statistics
from awards.enums import Level


@login_required
@require_GET
def overview(request):
    rounds = statistics.rounds_for(request.user)
    if not rounds.exists():
        raise Http404
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and len(year) == 4 else None
    level = request.GET.get("level", "")
    level = level if level in Level.values else ""
    figures = statistics.round_statistics(rounds=rounds, year=year, level=level)
    return render(
        request,
        "secretariat/statistics.html",
        {
            **figures,
            "year": year,
            "level": level,
            "year_choices": statistics.year_choices(rounds),
            "level_choices": Level.choices,
        },
    )
