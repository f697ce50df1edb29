"""The upload form of the secretariat's spreadsheet imports."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.import_files import MAX_UPLOAD_BYTES


class SpreadsheetUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an Excel file (.xlsx)."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB.") % {"size": MAX_UPLOAD_BYTES // 2**20}
            )
        return upload


class ConfirmImportForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
