"""Admin for people and organisations: users, organising units, facilities, artisans."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from awards.admin.base import FoldedSearchMixin
from awards.models import Agency, AgencyMembership, Artisan, Facility, User


class VinhDanhUserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "email")


class VinhDanhUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


class AgencyMembershipInline(admin.TabularInline):
    model = AgencyMembership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "position", "active"]


class UserMembershipInline(AgencyMembershipInline):
    autocomplete_fields = ["agency"]
    fields = ["agency", "position", "active"]
    verbose_name_plural = _("secretariat of organising units")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = VinhDanhUserChangeForm
    add_form = VinhDanhUserCreationForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal info"),
            {"fields": ("full_name", "first_name", "last_name", "email", "phone", "job_title")},
        ),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "full_name",
                    "email",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = ["username", "full_name", "email", "phone", "job_title", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["username", "full_name", "first_name", "last_name", "email", "phone"]
    ordering = ["username"]
    inlines = [UserMembershipInline]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "unit", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "issuing_body"]
    autocomplete_fields = ["unit", "parent"]
    list_select_related = ["unit", "parent"]
    inlines = [AgencyMembershipInline]


@admin.register(AgencyMembership)
class AgencyMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "position", "active"]
    list_filter = ["active", "agency"]
    search_fields = ["user__username", "user__full_name", "agency__name", "position"]
    autocomplete_fields = ["user", "agency"]
    list_select_related = ["user", "agency"]


@admin.register(Facility)
class FacilityAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "registration_number",
        "facility_type",
        "unit",
        "representative",
        "phone",
    ]
    list_filter = ["facility_type"]
    search_fields = ["registration_number", "phone", "email"]
    folded_search_field = "name_folded"
    autocomplete_fields = ["unit"]
    raw_id_fields = ["owner"]
    list_select_related = ["unit"]


@admin.register(Artisan)
class ArtisanAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["full_name", "birth_year", "craft", "unit", "masked_identity", "phone"]
    list_filter = ["craft"]
    search_fields = ["craft", "phone", "email"]
    folded_search_field = "name_folded"
    autocomplete_fields = ["unit"]
    raw_id_fields = ["owner"]
    list_select_related = ["unit"]

    @admin.display(description=_("citizen identity number"))
    def masked_identity(self, artisan):
        return artisan.masked_identity_number
