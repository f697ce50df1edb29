from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from awards import selectors

LANDING_ROUNDS_PER_PAGE = 20


def landing(request):
    page = Paginator(selectors.open_rounds(), LANDING_ROUNDS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "public/landing.html", {"page_obj": page, "open_rounds": page})


@login_required
def home(request):
    sections = selectors.home_sections(user=request.user)
    return render(request, "awards/home.html", {"sections": sections})
