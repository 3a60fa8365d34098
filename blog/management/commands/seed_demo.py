"""Fill an empty site with original demo content: `manage.py seed_demo`.

Creates five categories, the demo tags, an editor and two members, and about
twenty posts written for Kexue (the texts live in blog/demo/), among them one
pinned post, one draft and one post scheduled a few days ahead. Everything is
found by its natural key (slug, username) before it is created, so running the
command again changes nothing; existing rows are never edited.

`--posts N` also creates N generated posts (slugs generated-00001, ...) for
benchmarks: a few template bodies are rendered once and filled in per post,
and posts and their tags are written with bulk_create, so ten thousand take
seconds rather than minutes.
"""

import time
from datetime import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from blog import demo
from blog.demo import generated
from blog.excerpts import plain_text
from blog.models import Category, Post, Tag
from blog.search_index import index_posts
from kexue.caching import bump_content_version

EDITORS_GROUP = "Editors"
BATCH = 1000  # generated posts built, inserted and tagged per round trip


class Command(BaseCommand):
    help = (
        "Fill an empty site with demo content: categories, tags, an editor, two members "
        "and about twenty original posts with math. Safe to run again; --posts N adds N "
        "generated posts for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--posts",
            type=int,
            default=0,
            metavar="N",
            help="Also create generated posts number 1 to N (generated-00001, ...); "
            "those that exist already are kept.",
        )

    def handle(self, *args, posts=0, **options):
        if posts < 0:
            raise CommandError("--posts takes a number of posts, zero or more.")
        started = time.monotonic()
        with transaction.atomic():
            editor, users_created = seed_users()
            categories, categories_created = seed_categories()
            tags, tags_created = seed_tags()
            demo_created = seed_posts(editor, categories, tags)
            generated_created = seed_generated(posts, editor, categories, tags)
            extras = demo.demo_seeded.send(sender=self.__class__)
            # Bulk inserts send no signals: cached lists and widgets must still go.
            bump_content_version()

        users_total = 1 + len(demo.MEMBERS)
        self.stdout.write(f"Users: {users_total} ({users_created} new)")
        self.stdout.write(f"Categories: {len(categories)} ({categories_created} new)")
        self.stdout.write(f"Tags: {len(tags)} ({tags_created} new)")
        drafts = sum(item.status == Post.Status.DRAFT for item in demo.POSTS)
        scheduled = sum(not isinstance(item.published, datetime) for item in demo.POSTS)
        self.stdout.write(
            f"Demo posts: {len(demo.POSTS)} ({demo_created} new; "
            f"{drafts} draft, {scheduled} scheduled)"
        )
        if posts:
            self.stdout.write(f"Generated posts: {posts} ({generated_created} new)")
        for _receiver, summary in extras:
            if summary:
                self.stdout.write(summary)
        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready in {time.monotonic() - started:.1f}s.")
        )


def seed_users():
    """The editor who writes the posts and two members; returns (editor, number created)."""
    editor, created = _user(demo.EDITOR, is_staff=True)
    editors = Group.objects.filter(name=EDITORS_GROUP).first()
    if editors is not None:
        editor.groups.add(editors)
    for fields in demo.MEMBERS:
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


def seed_categories():
    categories, created = {}, 0
    for order, (slug, name, description) in enumerate(demo.CATEGORIES):
        categories[slug], is_new = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )
        created += is_new
    return categories, created


def seed_tags():
    tags, created = {}, 0
    for slug, name in demo.TAGS.items():
        tags[slug], is_new = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        created += is_new
    return tags, created


def seed_posts(editor, categories, tags):
    """The hand-written posts, each rendered by Post.save(); returns how many were new."""
    existing = set(
        Post.objects.filter(slug__in=[item.slug for item in demo.POSTS]).values_list(
            "slug", flat=True
        )
    )
    now = timezone.now()
    created = 0
    for item in demo.POSTS:
        if item.slug in existing:
            continue
        if isinstance(item.published, datetime):
            published_at = timezone.make_aware(item.published)
        else:
            published_at = (now + item.published).replace(minute=0, second=0, microsecond=0)
        post = Post.objects.create(
            title=item.title,
            slug=item.slug,
            author=editor,
            category=categories[item.category],
            body=item.body.strip(),
            status=item.status,
            published_at=published_at,
            pinned=item.pinned,
        )
        post.tags.set([tags[slug] for slug in item.tags])
        created += 1
    return created


def seed_generated(count, editor, categories, tags):
    """Generated posts 1..count that do not exist yet; returns how many were created."""
    if not count:
        return 0
    existing = set(
        Post.objects.filter(slug__startswith=generated.SLUG_PREFIX).values_list("slug", flat=True)
    )
    missing = [n for n in range(1, count + 1) if generated.slug(n) not in existing]
    # Render each template once; posts only differ in the placeholders' values.
    rendered = {}
    for template in generated.TEMPLATES:
        post = Post(body=template.body.strip())
        post.render()
        rendered[template] = post

    Through = Post.tags.through
    for start in range(0, len(missing), BATCH):
        numbers = missing[start : start + BATCH]
        posts = [_generated_post(n, rendered, editor, categories) for n in numbers]
        Post.objects.bulk_create(posts)
        Through.objects.bulk_create(
            Through(post_id=post.pk, tag_id=tags[slug].pk)
            for number, post in zip(numbers, posts, strict=True)
            for slug in generated.template_for(number).tags
        )
        # bulk_create sends no signals: index the batch for search here.
        index_posts([post.pk for post in posts])
    return len(missing)


def _generated_post(number, rendered, editor, categories):
    template = generated.template_for(number)
    source = rendered[template]
    values = generated.placeholders(number)
    excerpt_html = generated.fill(source.excerpt_html, values)
    return Post(
        title=generated.title(number),
        slug=generated.slug(number),
        author=editor,
        category=categories[template.category],
        body=generated.fill(source.body, values),
        body_html=generated.fill(source.body_html, values),
        excerpt_html=excerpt_html,
        toc_html=source.toc_html,
        description=plain_text(excerpt_html)[:300],
        has_math=source.has_math,
        status=Post.Status.PUBLISHED,
        published_at=timezone.make_aware(generated.local_date(number)),
    )
