import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads in tests land in a temporary folder, never in media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path_factory):
    """WhiteNoise warns (an error here) when STATIC_ROOT does not exist."""
    root = tmp_path_factory.getbasetemp() / "staticfiles"
    root.mkdir(exist_ok=True)
    settings.STATIC_ROOT = root
