"""Project-level checks: migrations in step with models, deploy settings, settings from env."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:  # makemigrations --check exits 1 when a migration is missing
        pytest.fail(f"missing migrations (exit {exit_.code}):\n{out.getvalue()}")


def run_manage(*args, env_extra):
    dropped = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set by the browser tests
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_profile_passes_deploy_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "DJANGO_ENV": "production",
            "SECRET_KEY": "x" * 20 + "-prod-like-secret-key-with-enough-entropy-1234567890",
            "ALLOWED_HOSTS": "vinhdanh.example.vn",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_profile_refuses_to_start_without_secret_key():
    result = run_manage(
        "check", env_extra={"DJANGO_ENV": "production", "SECRET_KEY": "", "ALLOWED_HOSTS": "x"}
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_settings_default_to_vietnamese_and_hcm_time(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.LANGUAGES == [("vi", "Tiếng Việt"), ("en", "English")]


def test_vietnamese_number_and_date_formats():
    import datetime

    from django.utils import formats, translation

    with translation.override("vi"):
        assert formats.number_format(1234.5, decimal_pos=1, use_l10n=True, force_grouping=True) == (
            "1.234,5"
        )
        assert formats.date_format(datetime.date(2028, 12, 31), "SHORT_DATE_FORMAT") == "31/12/2028"
