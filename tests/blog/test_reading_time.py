"""Reading time: Chinese by the character, English by the word, formulas and
code by their own measure; stored on save, shown on the post and in lists."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from blog.models import Post
from blog.reading_time import reading_minutes
from kexue.markup import render_post
from tests.factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db

HAN = "熵是信息论中度量不确定性的量"  # 14 characters
ENGLISH = "Entropy measures how uncertain an outcome is before we see it. "  # 11 words


def minutes_of(markdown):
    return reading_minutes(render_post(markdown, mathml=False)[0])


def han(characters):
    return (HAN * (characters // len(HAN) + 1))[:characters]


def english(words):
    text = ENGLISH.split() * (words // 11 + 1)
    return " ".join(text[:words])


def test_chinese_is_counted_by_the_character():
    assert minutes_of(han(2000)) == 5  # 400 a minute
    assert minutes_of(han(4000)) == 10


def test_english_is_counted_by_the_word():
    assert minutes_of(english(1000)) == 5  # 200 a minute
    assert minutes_of(english(2000)) == 10


def test_a_mixed_post_adds_both():
    # 1200 characters (3 minutes) and 600 words (3 minutes), in one text.
    mixed = "\n\n".join(f"{han(120)} {english(60)}" for _ in range(10))
    assert minutes_of(mixed) == 6


def test_formulas_count_as_a_few_words_not_as_their_tex():
    long_tex = r"\sum_{n=1}^{\infty} \frac{(-1)^{n+1}}{n^{2}} \cdot \int_0^1 x^{n} \, dx"
    # 100 inline formulas: 300 words, a minute and a half, whatever their length.
    inline = " and ".join(f"${long_tex}$" for _ in range(100))
    assert minutes_of(inline) == minutes_of(" and ".join("$x$" for _ in range(100)))
    assert minutes_of(inline) == 2  # 100 "and"s + 300: two minutes
    displayed = "\n\n".join(f"$$\n{long_tex}\n$$" for _ in range(60))
    assert minutes_of(displayed) == 3  # 10 words each


def test_code_counts_by_the_line():
    # Ten words a line: read as prose, 100 lines would take five minutes.
    line = "energy = mass * speed * speed / two + height * mass * g - loss * time"
    code = "```python\n" + "\n".join([line] * 100) + "\n```"
    assert minutes_of(code) == 2  # 100 lines, 4 words each


def test_stored_on_save_and_shown_in_both_languages(client):
    post = PostFactory(body=han(3200) + "\n\n<!--more-->\n\nMore.", category=CategoryFactory())
    assert Post.objects.get(pk=post.pk).reading_minutes == 8
    page = client.get(post.get_absolute_url()).content.decode()
    assert '<span class="reading-time">约 8 分钟</span>' in page
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span class="reading-time">8 min read</span>' in home
    category = client.get(post.category.get_absolute_url()).content.decode()
    assert '<span class="reading-time">约 8 分钟</span>' in category


def test_json_ld_says_how_long(client):
    post = PostFactory(body=english(1000))
    assert '"timeRequired":"PT5M"' in client.get(post.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_migration_counts_every_stored_post():
    post = PostFactory(body=english(1000))
    Post.objects.filter(pk=post.pk).update(reading_minutes=0)
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("blog", "0009_pages_and_series")])
        executor.loader.build_graph()
        executor.migrate([("blog", "0010_post_reading_minutes")])
        assert Post.objects.get(pk=post.pk).reading_minutes == 5
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
