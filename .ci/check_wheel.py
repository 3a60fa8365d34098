"""`make check-wheel`: the site served from the wheel alone, as an operator installs it.

Builds the sdist and, from it, the wheel; checks that every file git tracks in the
apps and in templates/, static/ and locale/ is in the wheel; installs it into a fresh
virtualenv under /tmp; then, from an empty directory and on a new PostgreSQL database,
with production settings and no Redis, runs `kexue migrate` and `kexue collectstatic`,
writes a post with math and starts gunicorn, which must serve the home page, the post
with MathJax from the collected static files, and the admin login. Any miss exits
non-zero with one line saying what is missing.
"""

import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE = "kexue_wheel"
APPS = ("kexue", "blog", "members", "comments")
# Top-level folders of the checkout and where the wheel carries them (setup.py).
PROJECT_FOLDERS = {name: f"kexue/project/{name}" for name in ("templates", "static", "locale")}
# MathJax fetches these beside its own script once it runs (static/js/mathjax-config.js).
MATHJAX_COMPANIONS = (
    "mathjax/ui/safe.js",
    "mathjax/input/tex/extensions/boldsymbol.js",
    "mathjax/a11y/assistive-mml.js",
    "mathjax-newcm-font/chtml/woff2/mjx-ncm-n.woff2",
)
WRITE_POST = """
from blog.models import Category, Post
from members.models import User

author = User.objects.create_user("wheel", "wheel@example.org")
category = Category.objects.create(name="Physics", slug="physics")
post = Post.objects.create(
    title="Mass and energy", author=author, category=category,
    body="Einstein's relation:\\n\\n$$E=mc^2$$\\n", status=Post.Status.PUBLISHED,
)
print(post.get_absolute_url())
"""
SHOW_FILES_DIR = "from django.conf import settings; print(settings.PROJECT_FILES_DIR)"
STARTED = time.monotonic()


class Failure(Exception):
    pass


def say(message):
    print(f"check_wheel [{time.monotonic() - STARTED:5.1f}s] {message}", flush=True)


def run(command, **kwargs):
    finished = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)  # noqa: S603
    if finished.returncode:
        raise Failure(f"{' '.join(map(str, command))} failed:\n{finished.stdout}{finished.stderr}")
    return finished.stdout


def build(out):
    run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)])
    (wheel,) = out.glob("*.whl")
    return wheel


def check_contents(wheel):
    tracked = run(["git", "ls-files", *APPS, *PROJECT_FOLDERS], cwd=ROOT).splitlines()
    expected = set()
    for path in tracked:
        top, _, rest = path.partition("/")
        expected.add(f"{PROJECT_FOLDERS[top]}/{rest}" if top in PROJECT_FOLDERS else path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        scripts = archive.read(entry_points[0]).decode() if entry_points else ""
    missing = sorted(expected - names)
    if missing:
        raise Failure(f"{len(missing)} files missing from the wheel, e.g. {missing[:5]}")
    if "kexue = kexue.cli:main" not in scripts:
        raise Failure("the wheel declares no `kexue` command")
    if not any(n.endswith(".dist-info/licenses/LICENSE") for n in names):
        raise Failure("the wheel carries no LICENSE")
    return len(names)


def fresh_database():
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')


def drop_database():
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def site_environment(venv, work):
    """Production settings, nothing from the checkout or the caller's environment."""
    return {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(work),
        "LANG": "C.UTF-8",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        "STATIC_ROOT": str(work / "static"),
        "KEXUE_DATA_DIR": str(work / "data"),
    }


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url, timeout=10):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def expect(base, path, *, containing=()):
    status, body = fetch(base + path)
    if status != 200:
        raise Failure(f"GET {path} answered {status}:\n{body[:2000].decode(errors='replace')}")
    text = body.decode(errors="replace")
    for needle in containing:
        if needle not in text:
            raise Failure(f"GET {path} does not contain {needle!r}")
    return text


def wait_for(server, base):
    deadline = time.monotonic() + 60
    while True:
        if server.poll() is not None:
            raise Failure(f"gunicorn exited with {server.returncode}")
        try:
            return fetch(base + "/healthz", timeout=2)
        except OSError:
            if time.monotonic() > deadline:
                raise Failure("gunicorn did not answer within 60 seconds") from None
            time.sleep(0.3)


def serve_and_check(venv, work, env, post_url):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (work / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [venv / "bin" / "gunicorn", "-c", "python:kexue.gunicorn_conf", "kexue.wsgi"],
        cwd=work,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(server, base)
        # "分类" is the Chinese "Categories": the translations came from the package too.
        expect(base, "/", containing=["Mass and energy", "<h2>分类</h2>"])
        page = expect(base, post_url, containing=["E=mc^2"])
        script = re.search(r'<script src="(/static/vendor/mathjax/tex-chtml[^"]*\.js)"', page)
        if not script:
            raise Failure(f"{post_url} has no <script src> for MathJax under /static/")
        engine = expect(base, script[1], containing=["MathJax"])
        say(f"{script[1]} served, {len(engine) // 1024} KB")
        for companion in MATHJAX_COMPANIONS:
            expect(base, f"/static/vendor/{companion}")
        expect(base, "/admin/login/", containing=['name="password"'])
    except Failure:
        log.flush()
        print((work / "gunicorn.log").read_text()[-3000:], file=sys.stderr)
        raise
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def check(work):
    wheel = build(work / "dist")
    say(f"built {wheel.name}: {check_contents(wheel)} files, none missing")

    venv = work / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    run([venv / "bin" / "pip", "install", "--quiet", str(wheel)])
    say(f"installed into {venv}")

    site = work / "site"  # the working directory: empty, far from the checkout
    site.mkdir()
    env = site_environment(venv, work)

    def kexue(*args):
        """The command's last line of output (`shell` may first say what it imported)."""
        output = run([venv / "bin" / "kexue", *args], cwd=site, env=env)
        return output.strip().splitlines()[-1]

    where = kexue("shell", "-c", SHOW_FILES_DIR)
    if not where.startswith(str(venv)):
        raise Failure(f"templates and static files come from {where}, not the installed package")

    fresh_database()
    kexue("migrate", "--noinput")
    say(f"kexue migrate; kexue collectstatic: {kexue('collectstatic', '--noinput')}")
    post_url = kexue("shell", "-c", WRITE_POST)
    serve_and_check(venv, work, env, post_url)
    say(f"gunicorn served /, {post_url} with MathJax, its files and /admin/login/")


def main():
    # CI's time limit stops with SIGTERM: clean up as after any other failure.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("check_wheel: stopped"))
    work = Path(tempfile.mkdtemp(prefix="kexue-wheel-")).resolve()
    try:
        check(work)
    except Failure as failure:
        sys.exit(f"check_wheel: FAILED: {failure}\n(files kept in {work})")
    finally:
        drop_database()
    shutil.rmtree(work)
    say("passed")


if __name__ == "__main__":
    main()
