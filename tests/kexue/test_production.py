"""Production settings, security headers, health and database resilience."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import close_old_connections, connection, connections

from tests.factories import PostFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="blog.example.org",
        **extra,
    )
    return env


@pytest.mark.parametrize(
    ("opt_in", "silenced"),
    [
        # Without the opt-ins, the two HSTS recommendations are silenced on purpose.
        ({}, 2),
        ({"DJANGO_HSTS_INCLUDE_SUBDOMAINS": "1", "DJANGO_HSTS_PRELOAD": "1"}, 0),
    ],
)
def test_check_deploy_with_production_settings_prints_no_warning(opt_in, silenced):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=production_env(**opt_in), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"System check identified no issues ({silenced} silenced)." in result.stdout


HSTS_HEADER = """
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.test import RequestFactory
import django
django.setup()
answer = SecurityMiddleware(lambda request: HttpResponse())(RequestFactory().get("/", secure=True))
print(answer.get("Strict-Transport-Security"))
"""


@pytest.mark.parametrize(
    ("opt_in", "header"),
    [
        ({}, "max-age=31536000"),
        ({"DJANGO_HSTS_INCLUDE_SUBDOMAINS": "1"}, "max-age=31536000; includeSubDomains"),
        ({"DJANGO_HSTS_PRELOAD": "1"}, "max-age=31536000; preload"),
        (
            {"DJANGO_HSTS_INCLUDE_SUBDOMAINS": "1", "DJANGO_HSTS_PRELOAD": "1"},
            "max-age=31536000; includeSubDomains; preload",
        ),
        ({"DJANGO_HSTS_INCLUDE_SUBDOMAINS": "0", "DJANGO_HSTS_PRELOAD": ""}, "max-age=31536000"),
    ],
)
def test_hsts_covers_subdomains_and_asks_for_preloading_only_when_opted_in(opt_in, header):
    result = subprocess.run(
        [sys.executable, "-c", HSTS_HEADER], cwd=ROOT, capture_output=True, text=True,
        timeout=60, env={**production_env(**opt_in), "DJANGO_SETTINGS_MODULE": "kexue.settings"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == header


@pytest.mark.parametrize("url", ["/", "/archives/", "/accounts/login/", "/feed/"])
def test_every_response_carries_csp_and_security_headers(client, url):
    PostFactory()
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    required = ["script-src 'self'", "object-src 'none'", "base-uri 'none'",
                "frame-ancestors 'none'", "form-action 'self'", "default-src 'self'"]  # fmt: skip
    for directive in required:
        assert directive in csp, directive
    assert "unsafe-eval" not in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_healthz_is_200_with_a_small_json_body(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_is_unreachable(client, settings):
    # A database that refuses connections: same server, a port nothing listens on.
    broken = dict(settings.DATABASES["default"], PORT="1", HOST="127.0.0.1")
    connection.close()
    saved = connection.settings_dict
    connection.settings_dict = broken
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict = saved
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["database"] == "OperationalError"


@pytest.mark.django_db(transaction=True)
def test_a_dropped_database_connection_is_replaced_on_the_next_request(client):
    post = PostFactory()
    assert client.get(post.get_absolute_url()).status_code == 200
    # Kill this process's server connection, as a PostgreSQL restart would.
    pid = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()
    # What request_started does before every request in production (Django's
    # test client leaves that hook out): with CONN_HEALTH_CHECKS, re-check.
    close_old_connections()
    assert client.get(post.get_absolute_url()).status_code == 200


def test_web_requests_get_a_statement_timeout():
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    code = (
        "import kexue.wsgi; from django.db import connection;"
        "c = connection.cursor(); c.execute('SHOW statement_timeout'); print(c.fetchone()[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env=production_env(DATABASE_URL=url),
    )  # fmt: skip
    assert result.stdout.strip() == "10s", result.stderr
