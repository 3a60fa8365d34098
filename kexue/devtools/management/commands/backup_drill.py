"""Backup drill: `make backup-drill` runs `manage.py backup_drill`.

1. Builds a seeded site in a database made for this (its name must contain
   "drill"): the demo posts and discussions, a member avatar, and a figure
   and a PDF in the media library, with a post that shows the figure.
2. Backs it up as docs/backup.md says: `pg_dump --format=custom` of the
   database and a tar archive of MEDIA_ROOT.
3. Restores both into a fresh database (`<name>_restored`) and an empty media
   directory, with `pg_restore` and `tar`.
4. Crawls each site through Django's test client, each in its own process
   against its own database and media: every page, feed, sitemap, profile,
   avatar and media file reachable from the home page, the feeds and the
   sitemap. The two crawls must find the same addresses with the same status,
   redirect and content; the tables must hold as many rows and the sequences
   stand at the same values (new rows get fresh ids after a restore).

Normalized before comparing, and only this: the comment form's signed
"started" stamp and CSRF tokens, which are made anew for every response, and
the date of a feed without items, which Django sets to the time of the request.
Both databases are dropped at the end unless --keep.
"""

import argparse
import difflib
import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections import Counter, deque
from html import unescape
from io import BytesIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from PIL import Image, ImageDraw
from psycopg import sql

from blog import media
from blog.models import Attachment, Category, Post
from kexue.devtools import drills
from members.avatars import make_avatar_thumbnail

HOST = "localhost"
START = ["/", "/archives/", "/feed/", "/feed/atom/", "/comments/feed/", "/sitemap.xml",
         "/robots.txt", "/opensearch.xml", "/search/?q=%E7%86%B5",
         "/search/?q=entropy"]  # fmt: skip
# Not public pages: forms for members and editors, endpoints that only answer POST.
SKIPPED = re.compile(
    r"^/(static|admin|accounts|lang|members/(settings|delete)|comments/(post|preview))/"
    r"|^/comments/\d+/(edit|delete)/"
)
LINK = re.compile(r'(?:href|src)="([^"]+)"|<(?:loc|link|id|guid)>([^<]+)</')
NORMALIZE = [
    (re.compile(r'(name="started" value=")[^"]*'), r"\1(stamp)"),
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*'), r"\1(token)"),
]
# A feed with no items is dated at the time of the request (Django's default).
EMPTY_FEED_DATE = re.compile(r"(<lastBuildDate>|<updated>)[^<]*")
MAX_PAGES = 20_000


class Command(BaseCommand):
    help = (
        "Backup drill: seed a site, back up its database (pg_dump) and media (tar), restore "
        "both into a fresh database and directory, and compare every public page and feed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--keep", action="store_true", help="Keep both databases.")
        parser.add_argument("--crawl", metavar="FILE", help=argparse.SUPPRESS)

    def handle(self, *args, keep=False, crawl=None, **options):
        if crawl:
            Path(crawl).write_text(json.dumps(crawl_site()))
            return
        url = os.environ.get("DATABASE_URL", "")
        database = drills.throwaway_database(url, "drill")
        restored_name = database["NAME"] + "_restored"
        restored_url = drills.with_database(url, restored_name)
        for tool in ("pg_dump", "pg_restore"):
            if not shutil.which(tool):
                raise CommandError(f"{tool} is not installed (apt-get install postgresql-client).")
        workdir = Path(tempfile.mkdtemp(prefix="kexue-drill-"))
        try:
            self.drill(database, url, restored_name, restored_url, workdir)
        finally:
            connection.close()
            shutil.rmtree(workdir, ignore_errors=True)
            if not keep:
                drills.recreate_database(database, create=False)
                drills.recreate_database(database, restored_name, create=False)

    def step(self, text):
        self.stdout.write(f"- {text}")

    def drill(self, database, url, restored_name, restored_url, workdir):
        media_root, restored_media = workdir / "media", workdir / "restored-media"
        dump, archive = workdir / "kexue.dump", workdir / "media.tar.gz"

        self.step(f"seeding {database['NAME']} (demo site, avatar, media library)")
        drills.recreate_database(database)
        with override_settings(MEDIA_ROOT=media_root):
            call_command("migrate", "--noinput", verbosity=0)
            call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
            seed_media()
        connection.close()

        self.step(f"backing up: pg_dump --format=custom … > {dump.name}; tar -czf {archive.name}")
        run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", f"--dbname={url}"])
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(media_root, arcname=".")

        self.step(f"restoring into {restored_name} and an empty media directory")
        drills.recreate_database(database, restored_name)
        run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored_url}", str(dump)])
        restored_media.mkdir()
        with tarfile.open(archive) as tar:
            tar.extractall(restored_media, filter="data")

        self.step("crawling both sites, each in its own process")
        original = self.crawl(url, media_root, workdir / "original.json")
        restored = self.crawl(restored_url, restored_media, workdir / "restored.json")

        failures = compare(self.stdout, original, restored)
        failures += compare_databases(self.stdout, database, restored_name)
        failures += compare_files(self.stdout, media_root, restored_media)
        self.stdout.write(
            "Normalized before comparing: the comment form's signed 'started' stamp and CSRF "
            "tokens (made anew for every response) and the date of feeds without items "
            "(Django dates them at the time of the request); nothing else."
        )
        if failures:
            raise CommandError(f"The restored site differs: {failures} check(s) failed.")
        self.stdout.write(self.style.SUCCESS("Backup drill passed: the restore is identical."))

    def crawl(self, url, media_root, output):
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(media_root),
            "DJANGO_DEBUG": "1",  # serves /media/ too, and needs no collected static files
            "KEXUE_PAGE_CACHE_SECONDS": "0",
        }
        drills.manage(env, "backup_drill", "--crawl", str(output))
        return json.loads(output.read_text())


def run(command):
    finished = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if finished.returncode:
        raise CommandError(f"{command[0]} failed:\n{finished.stdout}\n{finished.stderr}")


def picture(size=(640, 400), colour=(40, 90, 160)):
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for step in range(0, size[0], 40):
        draw.line([(step, size[1]), (size[0], size[1] - step)], fill=colour, width=3)
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def seed_media():
    """What editors and members upload: a figure (shown in a post), a PDF, avatars."""
    editor = get_user_model().objects.filter(is_staff=True).first()
    figure = SimpleUploadedFile("phase-portrait.png", picture(size=(2000, 1000)))
    pdf = SimpleUploadedFile("notes.pdf", b"%PDF-1.4\n% drill\n%%EOF\n")
    attachments = []
    for title, upload in [("Phase portrait", figure), ("Lecture notes", pdf)]:
        prepared = media.prepare_upload(upload)
        attachment = Attachment(title=title, kind=prepared.kind, uploaded_by=editor)
        attachment.file = prepared.file
        if prepared.web_file:
            attachment.web_file = prepared.web_file
        attachment.size = prepared.file.size
        attachment.save()
        attachments.append(attachment)
    Post.objects.create(
        title="A figure from the media library",
        author=editor,
        category=Category.objects.first(),
        body="The phase portrait:\n\n" + "\n\n".join(a.markdown for a in attachments),
        status=Post.Status.PUBLISHED,
        published_at=Post.objects.published().earliest("published_at").published_at,
    )
    for colour, member in zip([(200, 60, 60), (60, 160, 90)], members(), strict=False):
        member.avatar = make_avatar_thumbnail(
            SimpleUploadedFile("me.png", picture((300, 300), colour))
        )
        member.save()


def members():
    return get_user_model().objects.filter(is_staff=False).order_by("pk")


def crawl_site():
    """Every public address reachable from START: status, type, redirect, content."""
    client = Client(HTTP_HOST=HOST)
    seen, queue, pages = set(START), deque(START), {}
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        content = b"".join(response) if response.streaming else response.content
        kind = response.get("Content-Type", "")
        text = None
        if kind.startswith(("text/", "application/")) and "pdf" not in kind:
            text = content.decode()
            for pattern, replacement in NORMALIZE:
                text = pattern.sub(replacement, text)
            if "xml" in kind and "<item>" not in text and "<entry>" not in text:
                text = EMPTY_FEED_DATE.sub(r"\1(request time)", text)
        pages[path] = {
            "status": response.status_code,
            "type": kind,
            "location": response.get("Location", ""),
            "sha256": hashlib.sha256(text.encode() if text is not None else content).hexdigest(),
            "text": text,
        }
        targets = [response.get("Location", "")]
        if text is not None:
            targets += [a or b for a, b in LINK.findall(text)]
        for target in targets:
            link = local_path(path, unescape(target.strip()))
            if link and link not in seen:
                seen.add(link)
                queue.append(link)
    return pages


def local_path(base, target):
    """The site path (with query) a link points to, or None for elsewhere or non-pages."""
    if not target or target.startswith(("mailto:", "javascript:", "data:", "#")):
        return None
    parts = urlsplit(urljoin(f"http://{HOST}{base}", target))
    if parts.scheme not in ("http", "https") or parts.hostname != HOST:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if SKIPPED.search(parts.path) else path


def compare(out, original, restored):
    failures = 0
    kinds = Counter(kind_of(page) for page in original.values())
    summary = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    out.write(f"Crawled {len(original)} addresses on the original site ({summary}).")
    only = set(original) ^ set(restored)
    if only:
        failures += 1
        out.write(f"  FAIL found on one site only: {sorted(only)[:10]}")
    else:
        out.write(f"  ok   the restored site has the same {len(restored)} addresses")
    differing = [path for path in sorted(set(original) & set(restored))
                 if original[path] != restored[path]]  # fmt: skip
    if differing:
        failures += 1
        out.write(f"  FAIL {len(differing)} differ, first: {differing[:5]}")
        first_a, first_b = original[differing[0]], restored[differing[0]]
        diff = difflib.unified_diff(
            (first_a["text"] or "").splitlines(), (first_b["text"] or "").splitlines(),
            "original", "restored", lineterm="", n=1,
        )  # fmt: skip
        out.write("\n".join(list(diff)[:30]))
    else:
        statuses = Counter(page["status"] for page in original.values())
        out.write(
            "  ok   every one is identical: status, content type, redirect target and "
            f"content (statuses {dict(sorted(statuses.items()))})"
        )
    return failures


def kind_of(page):
    kind = page["type"].split(";")[0]
    if page["status"] in (301, 302):
        return "redirects"
    return {"text/html": "HTML pages", "application/rss+xml": "RSS feeds",
            "application/atom+xml": "Atom feeds", "application/xml": "sitemaps",
            "image/svg+xml": "generated avatars"}.get(kind, kind)  # fmt: skip


def table_state(database, name):
    with drills.connect(database, name) as db:
        listed = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = sorted(row[0] for row in listed)
        counts = {
            table: db.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }
        sequences = dict(db.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall())  # fmt: skip
    return counts, sequences


def compare_databases(out, database, restored_name):
    counts, sequences = table_state(database, database["NAME"])
    restored_counts, restored_sequences = table_state(database, restored_name)
    failures = 0
    same_rows = counts == restored_counts
    failures += not same_rows
    out.write(
        f"  {'ok  ' if same_rows else 'FAIL'} the {len(counts)} tables hold the same numbers "
        f"of rows ({sum(counts.values())} rows)"
    )
    same_sequences = sequences == restored_sequences
    failures += not same_sequences
    out.write(
        f"  {'ok  ' if same_sequences else 'FAIL'} the {len(sequences)} sequences stand at "
        "the same values"
    )
    return failures


def files_of(root):
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def compare_files(out, media_root, restored_media):
    original, restored = files_of(media_root), files_of(restored_media)
    same = original == restored and bool(original)
    out.write(
        f"  {'ok  ' if same else 'FAIL'} the {len(original)} media files are restored byte for byte"
    )
    return int(not same)
