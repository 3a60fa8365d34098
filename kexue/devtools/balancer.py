"""Two app hosts behind nginx, on this machine: `make test-balancer` and
`manage.py bench_balancer`.

Two gunicorn instances with production settings, on two ports as two hosts
would be, share PostgreSQL (and its replica when DATABASE_REPLICA_URLS is
set), Redis and a media directory. nginx from Debian, with its own prefix and
configuration in the harness's directory, balances them with the shipped
deploy/nginx/kexue.conf: the example values in it are replaced with the
harness's (each must be found, so the harness runs the file as shipped), and
the harness adds one thing, a header naming the host that answered.

Ports (8700-8799, apart from others' 8000-8100): the balancer on 8710 (https),
the same with the micro-cache on 8713, plain http on 8714, hosts on 8711, 8712.
"""

import os
import secrets
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from kexue.devtools.processes import stop, wait_until_up

BALANCER_PORT = 8710
MICRO_CACHE_PORT = 8713
HTTP_PORT = 8714
HOST_PORTS = (8711, 8712)
HOST_HEADER = "X-Kexue-Upstream"
DEPLOY = Path(settings.BASE_DIR) / "deploy" / "nginx"
GUNICORN = Path(sys.executable).parent / "gunicorn"
FAILURES = "max_fails=1 fail_timeout=10s"


def harness_config(directory, static_root, media_root):
    """deploy/nginx/kexue.conf with the harness's values, and the same https
    server again on MICRO_CACHE_PORT with the micro-cache included."""
    text = (DEPLOY / "kexue.conf").read_text()
    upstream = "".join(f"    server 127.0.0.1:{port} {FAILURES};\n" for port in HOST_PORTS)
    replacements = {
        f"    server 10.0.0.11:8000 {FAILURES};  # example: app host 1\n": upstream,
        f"    server 10.0.0.12:8000 {FAILURES};  # example: app host 2\n": "",
        "/var/cache/nginx/kexue ": f"{directory}/micro-cache ",
        "    listen 80;\n    listen [::]:80;\n": f"    listen 127.0.0.1:{HTTP_PORT};\n",
        "    listen 443 ssl http2;\n    listen [::]:443 ssl http2;\n": (
            f"    listen 127.0.0.1:{BALANCER_PORT} ssl http2;\n"
        ),
        "/etc/letsencrypt/live/blog.example.org/fullchain.pem": f"{directory}/cert.pem",
        "/etc/letsencrypt/live/blog.example.org/privkey.pem": f"{directory}/key.pem",
        "/srv/kexue/staticfiles/": f"{static_root}/",
        "/var/lib/kexue/media/": f"{media_root}/",
        "        proxy_pass http://kexue_hosts;\n": (
            "        proxy_pass http://kexue_hosts;\n"
            f"        add_header {HOST_HEADER} $upstream_addr always;\n"
        ),
    }
    for example, value in replacements.items():
        if example not in text:
            raise CommandError(f"deploy/nginx/kexue.conf no longer has {example.strip()!r}")
        text = text.replace(example, value)
    https = text[text.rindex("server {") :]
    micro = https.replace(f"127.0.0.1:{BALANCER_PORT} ssl", f"127.0.0.1:{MICRO_CACHE_PORT} ssl")
    micro = micro.replace(
        "        # include /etc/nginx/kexue/microcache.conf;",
        f"        include {DEPLOY / 'microcache.conf'};",
    )
    # The floor the micro-cache is measured against: a page as a static file.
    micro = micro.replace(
        "    location / {",
        f"    location = /floor.html {{\n        root {directory};\n    }}\n\n    location / {{",
        1,
    )
    return text + "\n" + micro


def nginx_main_config(directory):
    temp = directory / "temp"
    return f"""
user root;
worker_processes 2;
pid {directory}/nginx.pid;
error_log {directory}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {directory}/nginx-access.log;
    sendfile on;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {directory}/kexue.conf;
}}
"""


class Balancer:
    """Start with `start()`, stop with `stop()`; `url()` for the addresses."""

    def __init__(self, directory, environment):
        self.directory = Path(directory)
        self.environment = environment
        self.hosts = {}
        self.nginx = None

    def url(self, path="/", *, micro_cache=False):
        port = MICRO_CACHE_PORT if micro_cache else BALANCER_PORT
        return f"https://127.0.0.1:{port}{path}"

    def host_env(self, port):
        origins = ",".join(f"https://127.0.0.1:{p}" for p in (BALANCER_PORT, MICRO_CACHE_PORT))
        return {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KEXUE_"))},
            "DJANGO_DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": origins,
            "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
            "FORWARDED_ALLOW_IPS": "127.0.0.1",
            "STATIC_ROOT": str(self.directory / "static"),
            "MEDIA_ROOT": str(self.directory / "media"),
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_THREADS": "2",
            **self.environment,
        }

    def start(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        for name in ("media", "micro-cache", "temp"):
            (self.directory / name).mkdir(exist_ok=True)
        self.environment.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
        env = self.host_env(HOST_PORTS[0])
        subprocess.run(  # noqa: S603 - this checkout's manage.py
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=settings.BASE_DIR, env=env, check=True, timeout=300,
        )  # fmt: skip
        subprocess.run(  # noqa: S603 - a throwaway certificate for 127.0.0.1
            [shutil.which("openssl") or "/usr/bin/openssl", "req", "-x509",
             "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=127.0.0.1", "-keyout", self.directory / "key.pem",
             "-out", self.directory / "cert.pem"],  # fmt: skip
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        for port in HOST_PORTS:
            self.start_host(port)
        (self.directory / "kexue.conf").write_text(
            harness_config(self.directory, self.directory / "static", self.directory / "media")
        )
        (self.directory / "nginx.conf").write_text(nginx_main_config(self.directory))
        (self.directory / "floor.html").write_bytes(b"")
        nginx = ["/usr/sbin/nginx", "-p", str(self.directory), "-c", "nginx.conf"]
        test = subprocess.run([*nginx, "-t"], capture_output=True, text=True)  # noqa: S603
        if test.returncode:
            raise CommandError(f"nginx refused the configuration:\n{test.stderr}")
        self.nginx = subprocess.Popen([*nginx, "-g", "daemon off;"])  # noqa: S603
        for port in HOST_PORTS:
            wait_until_up(f"http://127.0.0.1:{port}/healthz", self.hosts[port],
                          self.directory / f"host-{port}.log",
                          headers={"X-Forwarded-Proto": "https"})  # fmt: skip

    def start_host(self, port):
        log = (self.directory / f"host-{port}.log").open("ab")
        self.hosts[port] = subprocess.Popen(  # noqa: S603 - the venv's gunicorn
            [str(GUNICORN), "-c", "python:kexue.gunicorn_conf", "kexue.wsgi"],
            cwd=settings.BASE_DIR, env=self.host_env(port), stdout=log, stderr=log,
        )  # fmt: skip

    def stop_host(self, port):
        stop(self.hosts.pop(port))

    def save_floor(self, path="/"):
        """A copy of a page as nginx would serve any static file."""
        (self.directory / "floor.html").write_bytes(fetch(self.url(path)).read())

    def stop(self):
        for port in list(self.hosts):
            self.stop_host(port)
        if self.nginx is not None:
            self.nginx.terminate()
            self.nginx.wait(timeout=30)
            self.nginx = None


def fetch(url, opener=None, **headers):
    """GET through the balancer; its certificate is the harness's own."""
    import ssl

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback https
    if opener is None:
        return urllib.request.urlopen(request, timeout=30, context=context)  # noqa: S310
    return opener.open(request, timeout=30)
