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


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (throttle counts, cached pages)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def pytest_configure(config):
    """Tests read the Vietnamese catalogue: compile it if the .po is newer than the .mo."""
    import runpy
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "compile_messages.py"
    runpy.run_path(str(script))["compile_all"](verbose=False)
