"""KEXUE_IMAGE_HOSTS: the image origins an operator adds to the CSP, and only https ones."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from kexue import settings as project_settings

ROOT = Path(__file__).resolve().parents[2]


def img_src_with(value):
    env = {**os.environ, "KEXUE_IMAGE_HOSTS": value}
    script = (
        "from django.conf import settings;"
        "print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"
    )
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_listed_origins_join_img_src():
    result = img_src_with("https://old-blog.example.org, https://*.wp.com")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "'self'", "data:", "https://old-blog.example.org", "https://*.wp.com",
    ]  # fmt: skip


def test_unset_leaves_images_from_this_site_only(monkeypatch):
    monkeypatch.delenv("KEXUE_IMAGE_HOSTS", raising=False)
    assert project_settings.image_hosts("KEXUE_IMAGE_HOSTS") == []


@pytest.mark.parametrize(
    "value",
    ["http://old.example.org", "*", "https://x.org/path", "https:", "data:", "'unsafe-inline'"],
)
def test_anything_but_an_https_origin_is_refused_by_name(monkeypatch, value):
    monkeypatch.setenv("KEXUE_IMAGE_HOSTS", value)
    with pytest.raises(ImproperlyConfigured, match="KEXUE_IMAGE_HOSTS: .* is not an https origin"):
        project_settings.image_hosts("KEXUE_IMAGE_HOSTS")


def test_a_bad_origin_stops_the_site_with_one_message():
    result = img_src_with("http://insecure.example")
    assert result.returncode != 0
    assert "KEXUE_IMAGE_HOSTS: 'http://insecure.example' is not an https origin" in result.stderr
