"""``{% dossier_lineage dossier as steps %}``: the chain of a dossier across levels."""

from django import template

from awards.nominations import lineage

register = template.Library()


@register.simple_tag
def dossier_lineage(dossier):
    """Steps from the lowest level to the highest; empty when the dossier stands alone."""
    if dossier is None or getattr(dossier, "pk", None) is None:
        return []
    steps = lineage(dossier)
    return steps if len(steps) > 1 else []
