"""Strings Django itself translates badly or not at all in Vietnamese.

Django's own catalogue lacks the plural time units used by ``|timeuntil`` and ``|timesince``
("2 weeks, 5 days"). Repeating the msgids here keeps them in our catalogue, where they are
translated; the Vietnamese catalogue of the project takes precedence over Django's.
"""

from django.utils.translation import ngettext_lazy

TIME_UNITS = [
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
]
