"""Site search on PostgreSQL: Chinese and English posts and comments, ranking, filters, safety."""

import html
import re
from datetime import UTC, datetime, timedelta
from io import StringIO
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from blog.models import Post
from tests.factories import CategoryFactory, CommentFactory, PostFactory, TagFactory
from tests.inert import executable_markup

pytestmark = pytest.mark.django_db

RESULT_TITLE = re.compile(r'<h2 class="search-result-title"><a href="([^"]*)">([^<]*)</a>')
# Site settings and the sidebar come from the cache after the first request;
# search itself costs the categories, the years, a count of posts and one of
# comments, and the rows of the page.
SEARCH_QUERIES = 5


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """A published post, indexed as on a running site: after its transaction commits."""

    def publish(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            return PostFactory(**fields)

    return publish


def found(client, q, **params):
    """The titles of the results, in order."""
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return [html.unescape(title) for _, title in RESULT_TITLE.findall(response.content.decode())]


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def filler(words):
    return "，".join(["这是一段无关的文字"] * words)


def test_a_compound_chinese_word_ranks_the_post_that_has_it_first(client, publish):
    publish(title="笔记甲", body="本文讨论信息瓶颈方法。", published_at=days_ago(5))
    publish(title="笔记乙", body=f"信息{filler(80)}。最后谈瓶颈。", published_at=days_ago(1))
    publish(title="笔记丙", body="只谈信息。", published_at=days_ago(1))
    assert found(client, "信息瓶颈") == ["笔记甲", "笔记乙"]
    assert found(client, '"信息瓶颈"') == ["笔记甲"]


def test_two_character_and_one_character_words_find_their_posts(client, publish):
    publish(title="内积", body="两个向量的内积为零时它们正交。")
    publish(title="香农", body="信息熵度量不确定性。")
    publish(title="积分", body="高斯积分的三种算法。")
    assert found(client, "向量") == ["内积"]
    assert found(client, "信息") == ["香农"]
    assert found(client, "熵") == ["香农"]  # jieba keeps 信息熵 whole


def test_mixed_chinese_and_english_queries(client, publish):
    publish(title="变分自编码器", body="VAE 与信息瓶颈有很深的联系。")
    publish(title="VAE 入门", body="只讲重参数化。")
    publish(title="GAN-QP 简介", body="一个不需要 Lipschitz 约束的 GAN 框架。")
    publish(title="对抗网络", body="GAN 和 QP 是两回事。")
    assert found(client, "VAE 信息瓶颈") == ["变分自编码器"]
    assert found(client, "VAE信息瓶颈") == ["变分自编码器"]
    assert found(client, "GAN-QP") == ["GAN-QP 简介"]
    assert found(client, "gan-qp") == ["GAN-QP 简介"]


def test_title_matches_rank_above_body_matches(client, publish):
    publish(title="熵的直觉", body="从掷硬币说起。", published_at=days_ago(30))
    publish(title="随笔", body="熵，熵，还是熵：三个熵的故事。", published_at=days_ago(1))
    assert found(client, "熵") == ["熵的直觉", "随笔"]


def test_tags_and_category_are_searched(client, publish):
    category = CategoryFactory(name="统计物理")
    publish(title="一个例子", body="配分函数。", category=category, tags=[TagFactory(name="Ising")])
    assert found(client, "统计物理") == ["一个例子"]
    assert found(client, "ising") == ["一个例子"]


def test_a_quoted_phrase_matches_only_the_phrase(client, publish):
    publish(title="In order", body="The information bottleneck method.")
    publish(title="Reversed", body="A bottleneck of information.")
    assert found(client, '"information bottleneck"') == ["In order"]
    assert sorted(found(client, "information bottleneck")) == ["In order", "Reversed"]


def test_minus_excludes_and_or_means_either(client, publish):
    publish(title="熵与温度", body="温度越高，熵越大。")
    publish(title="熵与信息", body="信息就是熵的减少。")
    publish(title="梯度", body="梯度下降。")
    assert found(client, "熵 -温度") == ["熵与信息"]
    assert sorted(found(client, "温度 or 梯度")) == ["梯度", "熵与温度"]


def test_drafts_and_scheduled_posts_are_never_found(client, publish):
    publish(title="公开的熵", body="熵。")
    publish(title="草稿的熵", body="熵。", status=Post.Status.DRAFT)
    publish(title="明天的熵", body="熵。", published_at=timezone.now() + timedelta(days=1))
    assert found(client, "熵") == ["公开的熵"]


def test_snippet_shows_the_first_match_highlighted(client, publish):
    post = publish(title="长文", body=f"{filler(40)}。\n\n本节讨论信息瓶颈与 $I(X;T)$。")
    body = client.get("/search/", {"q": "信息瓶颈"}).content.decode()
    snippet = body[body.index('<p class="search-snippet math-scope tex2jax_ignore">') :]
    snippet = snippet[: snippet.index("</p>")]
    assert '<mark>信息瓶颈</mark>与 <span class="arithmatex">\\(I(X;T)\\)</span>' in snippet
    assert snippet.count("这是一段无关的文字") < 40 and "…" in snippet
    assert f'href="{post.get_absolute_url()}"' in body


def test_html_in_the_query_and_in_posts_is_shown_as_text(client, publish):
    publish(title="XSS <b>demo</b>", body="Never write `<img src=x onerror=alert(1)>` in a page.")
    query = "<img src=x onerror=alert(1)>"
    body = client.get("/search/", {"q": query}).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "&lt;<mark>img</mark> <mark>src</mark>=<mark>x</mark> <mark>onerror</mark>=" in body
    assert "XSS &lt;b&gt;demo&lt;/b&gt;" in body
    assert executable_markup(body) == []


def test_an_empty_query_asks_for_words(client):
    for url in ["/search/", "/search/?q=", "/search/?q=%20%20%09", "/search/?q=%E2%80%8F"]:
        body = client.get(url).content.decode()
        assert 'class="empty search-prompt"' in body, url
        assert "search-results" not in body and "search-nothing" not in body


ODD_QUERIES = [
    "熵" * 1000,
    "a " * 500,
    "信息瓶颈 GAN-QP " * 70,
    "\u202e熵\u200f",
    "😀 熵",
    "熵\x00",
    '"',
    '"""-"',
    "- or -",
    "or or or",
    "!&|():*<->'\\",
    "\ufeff\u0301\u034f",
    "ｆｕｌｌｗｉｄｔｈ　全角",
    "%s %(x)s {0} ${x}",
]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_long_and_odd_queries_find_something_or_nothing_never_fail(client, publish, query):
    publish(title="熵 full width", body="熵 a 信息瓶颈 GAN-QP")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert "search-results" in body or "search-nothing" in body or "search-prompt" in body


@pytest.mark.parametrize("raw", ["%00", "%ED%A0%80", "%FF%FE", "%F0%9F%98%80%00%E7%86%B5"])
def test_undecodable_or_nul_bytes_in_the_url_never_fail(client, publish, raw):
    publish(title="熵", body="熵")
    assert client.get(f"/search/?q={raw}").status_code == 200


def test_results_come_ten_to_a_page_and_page_links_keep_the_query(client, publish):
    category = CategoryFactory(slug="physics")
    for number in range(23):
        publish(title=f"熵之{number:02d}", body="熵。", category=category)
    first = client.get("/search/", {"q": "熵", "category": "physics"}).content.decode()
    assert len(RESULT_TITLE.findall(first)) == 10
    assert 'href="?q=%E7%86%B5&amp;category=physics&amp;page=2"' in first
    third = found(client, "熵", category="physics", page=3)
    assert third == ["熵之02", "熵之01", "熵之00"]  # equal rank: newest first
    assert found(client, "熵", page=99) == third


def test_category_and_year_filters(client, publish):
    physics, maths = CategoryFactory(slug="physics"), CategoryFactory(slug="maths")
    publish(
        title="2023 物理",
        body="熵",
        category=physics,
        published_at=datetime(2023, 6, 1, tzinfo=UTC),
    )
    publish(
        title="2024 物理",
        body="熵",
        category=physics,
        published_at=datetime(2024, 6, 1, tzinfo=UTC),
    )
    publish(
        title="2024 数学", body="熵", category=maths, published_at=datetime(2024, 7, 1, tzinfo=UTC)
    )
    assert found(client, "熵", category="physics") == ["2024 物理", "2023 物理"]
    assert found(client, "熵", year="2024") == ["2024 数学", "2024 物理"]
    assert found(client, "熵", category="physics", year="2023") == ["2023 物理"]
    body = client.get("/search/", {"q": "熵", "category": "maths"}).content.decode()
    assert '<option value="maths" selected>' in body
    # An unknown filter value is ignored rather than an error.
    assert len(found(client, "熵", category="nope", year="1066")) == 3


def test_query_count_does_not_grow_with_results(client, publish, django_assert_max_num_queries):
    publish(title="熵", body="熵", tags=[TagFactory()])
    client.get("/search/?q=熵")
    with django_assert_max_num_queries(SEARCH_QUERIES):
        assert len(found(client, "熵")) == 1
    for number in range(25):
        publish(title=f"熵 {number}", body="熵", tags=TagFactory.create_batch(2))
    client.get("/search/?q=熵")  # the edits emptied the sidebar's cache
    with django_assert_max_num_queries(SEARCH_QUERIES):
        assert len(found(client, "熵", page=2)) == 10


def test_comments_follow_the_posts_across_pages(
    client, publish, django_capture_on_commit_callbacks
):
    for number in range(12):
        publish(title=f"熵 {number:02d}", body="熵")
    on = publish(title="别的文章", body="无关")
    with django_capture_on_commit_callbacks(execute=True):
        comments = [CommentFactory(post=on, body=f"熵的评论 {n}") for n in range(3)]
    body = client.get("/search/", {"q": "熵", "page": 2}).content.decode()
    titles = [html.unescape(title) for _, title in RESULT_TITLE.findall(body)]
    assert titles == ["熵 01", "熵 00", "别的文章", "别的文章", "别的文章"]
    assert body.count('<span class="search-result-kind">评论</span>') == 3
    assert f'href="{comments[0].get_absolute_url()}"' in body


def test_editing_a_post_or_its_labels_updates_the_index(
    client, publish, django_capture_on_commit_callbacks
):
    category = CategoryFactory(name="旧分类")
    post = publish(title="拉普拉斯", body="正文", category=category)
    with django_capture_on_commit_callbacks(execute=True):
        post.title = "傅里叶"
        post.save()
    assert found(client, "傅里叶") == ["傅里叶"] and found(client, "拉普拉斯") == []
    tag = TagFactory(name="拉格朗日")
    with django_capture_on_commit_callbacks(execute=True):
        post.tags.add(tag)
    assert found(client, "拉格朗日") == ["傅里叶"]
    with django_capture_on_commit_callbacks(execute=True):
        tag.name = "哈密顿"
        tag.save()
        category.name = "力学"
        category.save()
    assert found(client, "哈密顿") == ["傅里叶"] and found(client, "力学") == ["傅里叶"]
    with django_capture_on_commit_callbacks(execute=True):
        tag.posts.clear()
    assert found(client, "哈密顿") == []


def test_reindex_search_rebuilds_every_vector(client, publish):
    publish(title="熵", body="熵")
    publish(title="草稿", body="熵", status=Post.Status.DRAFT)
    Post.objects.update(search_vector=None)
    assert found(client, "熵") == []
    out = StringIO()
    call_command("reindex_search", stdout=out)
    assert "Indexed 2 posts." in out.getvalue()
    assert "\r" not in out.getvalue()  # no progress bar when not on a terminal
    assert found(client, "熵") == ["熵"]


def test_without_postgresql_every_word_must_appear_in_title_or_body(client, publish, monkeypatch):
    publish(title="VAE 笔记", body="信息瓶颈")
    publish(title="VAE 入门", body="重参数化")
    monkeypatch.setattr(connection, "vendor", "sqlite")
    assert found(client, "vae 信息瓶颈") == ["VAE 笔记"]
    assert found(client, "VAE") == ["VAE 入门", "VAE 笔记"]


def test_sidebar_search_box_and_opensearch_description(client):
    home = client.get("/").content.decode()
    assert '<form class="search-form" action="/search/" method="get" role="search">' in home
    assert '<label for="sidebar-search">' in home and 'id="sidebar-search" name="q"' in home
    assert '<link rel="search" type="application/opensearchdescription+xml"' in home
    response = client.get("/opensearch.xml")
    assert response["Content-Type"] == "application/opensearchdescription+xml"
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
    url = root.find("{http://a9.com/-/spec/opensearch/1.1/}Url")
    assert url.get("template") == "http://testserver/search/?q={searchTerms}"
