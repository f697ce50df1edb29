"""Sign-in with either the username or the e-mail address.

Applicants remember their e-mail better than a username the secretariat chose for them.
Listed after axes' backend in AUTHENTICATION_BACKENDS, so lock-outs still apply.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


class EmailOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user_model = get_user_model()
        if username is None:
            username = kwargs.get(user_model.USERNAME_FIELD)
        if not username or password is None:
            return None
        login = username.strip()
        candidates = list(
            user_model._default_manager.filter(
                Q(**{user_model.USERNAME_FIELD: login}) | Q(email__iexact=login)
            )[:2]
        )
        # An exact username wins over someone else's e-mail that happens to look the same.
        exact = [u for u in candidates if u.get_username() == login]
        user = exact[0] if exact else (candidates[0] if len(candidates) == 1 else None)
        if user is None:
            # Spend the same time hashing as for a real user, so timing does not tell
            # whether an account exists (Django's ModelBackend does the same).
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
