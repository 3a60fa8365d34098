"""`manage.py seed_bench_posts N`: generated posts at benchmark scale, after `seed_demo`."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from blog import tallies
from blog.models import Post
from kexue.devtools import generated_posts

LABEL = re.compile(r"\\label\{([^{}]+)\}")
EQREF = re.compile(r"\\eqref\{([^{}]+)\}")


def seed(*args):
    out = StringIO()
    call_command("seed_bench_posts", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_site(db):
    call_command("seed_demo", stdout=StringIO())


def generated():
    return Post.objects.filter(slug__startswith=generated_posts.SLUG_PREFIX)


def test_adds_exactly_that_many_published_tagged_posts(demo_site):
    before = Post.objects.published().count()
    assert "Generated posts: 25 (25 new)" in seed("25")

    assert generated().count() == 25
    assert Post.objects.published().count() == before + 25
    assert not generated().filter(tags=None).exists()
    assert len(set(generated().values_list("title", flat=True))) == 25
    assert len({post.published_at.date() for post in generated()}) > 20
    assert tallies.kept() == tallies.fresh()  # bulk inserts, counted all the same

    assert "Generated posts: 25 (0 new)" in seed("25")
    assert generated().count() == 25
    seed("30")
    assert generated().count() == 30


def test_generated_posts_store_what_rendering_their_markdown_gives(demo_site):
    seed(str(2 * len(generated_posts.TEMPLATES)))

    for post in generated():
        stored = (post.body_html, post.excerpt_html, post.toc_html, post.description)
        post.render()
        assert stored == (post.body_html, post.excerpt_html, post.toc_html, post.description)
        assert post.has_math
        assert "QQ" not in post.body + post.body_html


@pytest.mark.django_db
def test_without_the_demo_site_it_says_to_seed_it_first():
    with pytest.raises(CommandError, match=r"Missing an editor .*category ml.*run `seed_demo`"):
        seed("3")
    assert not generated().exists()


def test_an_excerpt_only_refers_to_equations_inside_it():
    # The home page typesets each excerpt on its own, without the rest of the post.
    for template in generated_posts.TEMPLATES:
        head = template.body.partition("<!--more-->")[0]
        assert set(EQREF.findall(head)) <= set(LABEL.findall(head)), head[:60]


def test_tex_only_posts_skip_mathml_and_the_search_index_but_are_counted(demo_site):
    assert "Generated posts: 12 (12 new)" in seed("12", "--tex-only")
    assert generated().count() == 12
    assert not generated().filter(body_html__contains="<math").exists()
    assert not generated().exclude(search_vector=None).exists()
    assert tallies.kept() == tallies.fresh()
