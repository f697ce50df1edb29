"""Filters of the secretariat's pages, cheap enough for every row of a 50-row queue."""

from functools import lru_cache

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from awards.enums import DossierState, ProductGroup

register = template.Library()


@lru_cache(maxsize=256)
def _label(choices, value, language):
    return str(choices(value).label) if value in choices.values else value


@register.filter
def state_label(state):
    """The state's label in the active language (cached per language)."""
    return _label(DossierState, state, get_language())


@register.filter
def group_label(group):
    return _label(ProductGroup, group, get_language()) if group else ""


@register.filter
def local_date(value):
    """dd/mm/yyyy of an aware datetime in local time (strftime: the queue formats 50 rows)."""
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""


@register.filter
def iso_date(value):
    return timezone.localtime(value).date().isoformat() if value else ""
