"""Fill an empty site with original demo content: `manage.py seed_demo`.

The content lives in kexue/sitewide/demo/: the users, categories, tags, a
series and the static pages in site.yaml, about twenty posts written for
Kexue as Markdown files in posts/ (among them one pinned post, one draft, one
scheduled a few days ahead and the three parts of the series), the pages'
bodies in pages/, and threaded discussions on some posts in discussions.yaml.
Posts go in through the blog's Markdown importer and discussions through the
comments loader, so they render, index and invalidate caches as any other
save does.

Everything is found by its natural key (username, slug, a post's existing
comments) before it is created, so running the command again changes nothing;
existing rows are never edited (a post joins its series only while it is in none).
"""

import time
from datetime import timedelta
from pathlib import Path

import yaml
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from blog.importing.markdown import import_posts
from blog.models import Category, Page, Post, Series, Tag
from comments.importing import ImportedComment, import_discussion
from kexue.caching import bump_content_version

DEMO = Path(__file__).resolve().parents[2] / "demo"
EDITORS_GROUP = "Editors"
# Discussions start a few hours after their post and go on at a reader's pace.
FIRST_COMMENT_AFTER = timedelta(hours=3)
BETWEEN_COMMENTS = timedelta(hours=5)


class Command(BaseCommand):
    help = (
        "Fill an empty site with demo content: categories, tags, an editor, two members, "
        "about twenty original posts with math (three of them a series), an About page and "
        "a page explaining the licence, and threaded discussions. Safe to run again."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        site = load("site.yaml")
        discussions = load("discussions.yaml")
        with transaction.atomic():
            editor, users_created = seed_users(site["editor"], site["members"])
            categories_created = seed_categories(site["categories"])
            tags_created = seed_tags(site["tags"])
            posts = import_posts(DEMO / "posts", default_author=editor.username)
            series_created = seed_series(site["series"])
            pages_created = seed_pages(site["pages"])
            comments, comments_created = seed_discussions(discussions)

        self.stdout.write(f"Users: {1 + len(site['members'])} ({users_created} new)")
        self.stdout.write(f"Categories: {len(site['categories'])} ({categories_created} new)")
        self.stdout.write(f"Tags: {len(site['tags'])} ({tags_created} new)")
        now = timezone.now()
        drafts = sum(post.status == Post.Status.DRAFT for post in posts.posts)
        scheduled = sum(
            post.status == Post.Status.PUBLISHED and post.published_at > now for post in posts.posts
        )
        self.stdout.write(
            f"Demo posts: {len(posts.posts)} ({len(posts.new)} new; "
            f"{drafts} draft, {scheduled} scheduled)"
        )
        self.stdout.write(f"Series: {len(site['series'])} ({series_created} new)")
        self.stdout.write(f"Pages: {len(site['pages'])} ({pages_created} new)")
        self.stdout.write(
            f"Demo comments: {comments} in {len(discussions['threads'])} discussions "
            f"({comments_created} new)"
        )
        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready in {time.monotonic() - started:.1f}s.")
        )


def load(name):
    return yaml.safe_load((DEMO / name).read_text(encoding="utf-8"))


def seed_users(editor_fields, members):
    """The editor who writes the posts and the members; returns (editor, number created)."""
    editor, created = _user(editor_fields, is_staff=True)
    editors = Group.objects.filter(name=EDITORS_GROUP).first()
    if editors is not None:
        editor.groups.add(editors)
    for fields in members:
        created += _user(fields)[1]
    return editor, created


def _user(fields, **flags):
    User = get_user_model()
    user = User.objects.filter(username=fields["username"]).first()
    created = user is None
    if created:
        user = User(**fields, **flags)
        # Nobody logs in as a demo user until an operator sets a password.
        user.set_unusable_password()
        user.save()
    if apps.is_installed("allauth.account"):
        EmailAddress = apps.get_model("account", "EmailAddress")
        if not EmailAddress.objects.filter(user=user).exists():
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user, int(created)


def seed_categories(categories):
    created = 0
    for order, fields in enumerate(categories):
        created += Category.objects.get_or_create(
            slug=fields["slug"],
            defaults={"name": fields["name"], "description": fields["description"], "order": order},
        )[1]
    return created


def seed_tags(tags):
    return sum(
        Tag.objects.get_or_create(slug=slug, defaults={"name": name})[1]
        for slug, name in tags.items()
    )


def seed_series(series_list):
    """Each series, and its parts numbered in the order listed; returns how many were created."""
    created = 0
    for fields in series_list:
        series, new = Series.objects.get_or_create(
            slug=fields["slug"],
            defaults={"title": fields["title"], "description": fields["description"]},
        )
        created += new
        for position, slug in enumerate(fields["parts"], start=1):
            # An update, not a save: the part's text is rendered already.
            Post.objects.filter(slug=slug, series=None).update(
                series=series, series_position=position
            )
    bump_content_version()  # update() sends no signals
    return created


def seed_pages(pages):
    created = 0
    for fields in pages:
        if not Page.objects.filter(path=fields["path"]).exists():
            Page.objects.create(
                path=fields["path"],
                title=fields["title"],
                body=(DEMO / "pages" / fields["file"]).read_text(encoding="utf-8"),
                status=Post.Status.PUBLISHED,
                in_menu=fields.get("in_menu", False),
                menu_order=fields.get("menu_order", 0),
            )
            created += 1
    return created


def seed_discussions(discussions):
    """The threads of discussions.yaml on their posts; returns (comments, comments created)."""
    guests = discussions["guests"]
    total = created = 0
    for slug, thread in discussions["threads"].items():
        post = Post.objects.get(slug=slug)
        first = post.published_at + FIRST_COMMENT_AFTER
        comments = [
            _comment(fields, guests, first + number * BETWEEN_COMMENTS)
            for number, fields in enumerate(thread)
        ]
        total += len(comments)
        created += import_discussion(post, comments)
    return total, created


def _comment(fields, guests, created_at):
    guest = guests[fields["guest"]] if "guest" in fields else {}
    return ImportedComment(
        key=fields["key"],
        parent=fields.get("parent"),
        body=fields["text"],
        member=fields.get("member"),
        guest_name=guest.get("name", ""),
        guest_email=guest.get("email", ""),
        guest_wants_replies=guest.get("wants_replies", False),
        created_at=created_at,
    )
