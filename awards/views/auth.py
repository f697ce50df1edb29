"""Sign-in and sign-out pages (django.contrib.auth views with VinhDanh's wording)."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Accepts a username or an e-mail address (see awards.backends.EmailOrUsernameBackend)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username or e-mail and password do not match an account. Check them and try again."
        ),
        "inactive": _("This account is disabled. Contact the secretariat."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Username or e-mail")
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "maxlength": 254}
        )
        self.fields["password"].label = _("Password")


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True
