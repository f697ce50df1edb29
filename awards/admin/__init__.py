"""The Django admin for every awards model; importing the submodules registers them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from awards.admin import activity, dossiers, geo, people, rules  # noqa: F401  (registration)

admin.site.site_header = "VinhDanh"
admin.site.site_title = "VinhDanh"
admin.site.index_title = _("Administration of award rounds and titles")
