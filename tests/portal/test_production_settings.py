"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "x" * 20 + "-production-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "inovasi.example.go.id",
    "DATABASE_URL": "sqlite:////tmp/portal-deploy-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "AWS_STORAGE_BUCKET_NAME": "portal-media",
    "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    "EMAIL_HOST": "smtp.example.go.id",
    "SITE_URL": "https://inovasi.example.go.id",
}


def run_manage(*args, env):
    full_env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_reads_services_from_environment():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'],"
        " s.CACHES['default']['BACKEND'], s.STORAGES['default']['BACKEND'],"
        " s.EMAIL_HOST, s.SESSION_COOKIE_SECURE)"
    )
    env = dict(PRODUCTION_ENV, DATABASE_URL="postgres://portal@db.internal:5432/portal")

    result = run_manage("shell", "-c", code, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "False ['inovasi.example.go.id'] django.db.backends.postgresql "
        "django_redis.cache.RedisCache storages.backends.s3.S3Storage smtp.example.go.id True"
    )


def test_production_refuses_to_start_without_secret_key():
    env = dict(PRODUCTION_ENV, SECRET_KEY="")

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_its_address_or_a_shared_cache():
    without_site = run_manage("check", env=dict(PRODUCTION_ENV, SITE_URL=""))
    without_redis = run_manage("check", env=dict(PRODUCTION_ENV, REDIS_URL=""))

    assert without_site.returncode != 0
    assert "SITE_URL must be the site's address" in without_site.stderr
    assert without_redis.returncode != 0
    assert "REDIS_URL must be set" in without_redis.stderr


def test_production_e_mails_link_to_the_configured_address():
    code = "from django.conf import settings as s; print(s.WAGTAILADMIN_BASE_URL)"

    result = run_manage("shell", "-c", code, env=PRODUCTION_ENV)

    assert result.stdout.strip().splitlines()[-1] == "https://inovasi.example.go.id"
