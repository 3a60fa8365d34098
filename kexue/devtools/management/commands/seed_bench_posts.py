"""Generated posts for benchmarks: `manage.py seed_bench_posts N`.

Run after `seed_demo`: the posts belong to its categories and tags and are
written by its editor (the first staff account). Creates posts number 1 to N
(slugs generated-00001, ...) that do not exist yet. A few template bodies
(kexue/devtools/generated_posts.py) are rendered once and filled in per post,
and posts and their tags are written with bulk_create, so ten thousand take
seconds rather than minutes.
"""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from blog.excerpts import description
from blog.models import Category, Post, Tag
from blog.search_index import index_posts
from blog.tallies import count_new_posts
from kexue.caching import bump_content_version
from kexue.devtools import generated_posts
from kexue.markup import add_mathml_to_each
from kexue.models import SiteSettings

BATCH = 1000  # posts built, inserted and tagged per round trip


class Command(BaseCommand):
    help = (
        "Benchmark data: create generated posts number 1 to N (generated-00001, ...) in the "
        "demo categories and tags; those that exist already are kept. Run seed_demo first."
    )

    def add_arguments(self, parser):
        parser.add_argument("posts", type=int, metavar="N", help="How many generated posts.")
        parser.add_argument(
            "--tex-only",
            action="store_true",
            help="Store formulas as TeX, without their MathML, and leave the posts out of "
            "the search index: tens of thousands in a minute, for measuring list pages.",
        )

    def handle(self, *args, posts, tex_only=False, **options):
        if posts < 0:
            raise CommandError("N is a number of posts, zero or more.")
        started = time.monotonic()
        editor, categories, tags = demo_site()
        with transaction.atomic():
            created = seed_generated(posts, editor, categories, tags, full=not tex_only)
            # Bulk inserts send no signals: cached lists and widgets must still go.
            bump_content_version()
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated posts: {posts} ({created} new) in {time.monotonic() - started:.1f}s."
            )
        )


def demo_site():
    """(editor, categories by slug, tags by slug) that the templates need, from seed_demo."""
    editor = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
    category_slugs = {template.category for template in generated_posts.TEMPLATES}
    tag_slugs = {slug for template in generated_posts.TEMPLATES for slug in template.tags}
    categories = Category.objects.in_bulk(category_slugs, field_name="slug")
    tags = Tag.objects.in_bulk(tag_slugs, field_name="slug")
    missing = [
        *(["an editor (a staff account)"] if editor is None else []),
        *(f"category {slug}" for slug in sorted(category_slugs - set(categories))),
        *(f"tag {slug}" for slug in sorted(tag_slugs - set(tags))),
    ]
    if missing:
        raise CommandError(f"Missing {', '.join(missing)}: run `seed_demo` first.")
    return editor, categories, tags


def seed_generated(count, editor, categories, tags, *, full=True):
    """Generated posts 1..count that do not exist yet; returns how many were created.
    `full`: with MathML and search vectors, as the site stores them."""
    existing = set(
        Post.objects.filter(slug__startswith=generated_posts.SLUG_PREFIX).values_list(
            "slug", flat=True
        )
    )
    missing = [n for n in range(1, count + 1) if generated_posts.slug(n) not in existing]
    # Render each template once; posts only differ in the placeholders' values.
    # The values stand inside formulas too, so the MathML is made after filling
    # them in, for a whole batch in one trip to the MathJax worker.
    rendered = {}
    for template in generated_posts.TEMPLATES:
        post = Post(body=template.body.strip())
        post.render(mathml=False)
        rendered[template] = post
    macros = SiteSettings.current().tex_macros_for_mathjax()

    Through = Post.tags.through
    for start in range(0, len(missing), BATCH):
        numbers = missing[start : start + BATCH]
        posts = [generated_post(n, rendered, editor, categories) for n in numbers]
        if full:
            with_mathml(posts, macros)
        Post.objects.bulk_create(posts)
        Through.objects.bulk_create(
            Through(post_id=post.pk, tag_id=tags[slug].pk)
            for number, post in zip(numbers, posts, strict=True)
            for slug in generated_posts.template_for(number).tags
        )
        # bulk_create sends no signals: index and count the batch here.
        if full:
            index_posts([post.pk for post in posts])
        count_new_posts([post.pk for post in posts])
    return len(missing)


def with_mathml(posts, macros):
    fields = ("body_html", "excerpt_html", "toc_html")
    texts = add_mathml_to_each([getattr(post, name) for post in posts for name in fields], macros)
    for index, post in enumerate(posts):
        for offset, name in enumerate(fields):
            setattr(post, name, texts[index * len(fields) + offset])


def generated_post(number, rendered, editor, categories):
    template = generated_posts.template_for(number)
    source = rendered[template]
    values = generated_posts.placeholders(number)
    excerpt_html = generated_posts.fill(source.excerpt_html, values)
    return Post(
        title=generated_posts.title(number),
        slug=generated_posts.slug(number),
        author=editor,
        category=categories[template.category],
        body=generated_posts.fill(source.body, values),
        body_html=generated_posts.fill(source.body_html, values),
        excerpt_html=excerpt_html,
        toc_html=source.toc_html,
        description=description(excerpt_html),
        has_math=source.has_math,
        status=Post.Status.PUBLISHED,
        published_at=timezone.make_aware(generated_posts.local_date(number)),
    )
