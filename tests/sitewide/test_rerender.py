"""`rerender`: every stored text follows a change to the pipeline or its allowlists."""

import bleach
import pytest
from django.core.management import call_command

from blog.models import Page, Post
from comments.models import Comment
from kexue.markup import pipeline, sanitize
from kexue.models import SiteSettings
from tests.factories import CommentFactory, PageFactory, PostFactory

pytestmark = pytest.mark.django_db


def stale(post, html="<p>old pipeline output</p>"):
    Post.objects.filter(pk=post.pk).update(body_html=html)


def rerender(capsys, *args):
    call_command("rerender", *args)
    return capsys.readouterr().out


def test_rerender_dry_run_reports_every_kind_and_writes_nothing(capsys):
    post = PostFactory(title="Stale one")
    PostFactory(title="Fresh one")
    comment = CommentFactory(post=post)
    CommentFactory(post=post)
    SiteSettings.current()
    stale(post)
    Comment.objects.filter(pk=comment.pk).update(body_html="<p>old</p>")
    SiteSettings.objects.update(sponsor_html="<p>old</p>")
    out = rerender(capsys, "--dry-run")
    assert f"would change: #{post.pk} Stale one" in out
    assert "Fresh one" not in out
    assert "1 of 2 posts would change." in out
    assert f"would change: comment #{comment.pk}" in out
    assert "1 of 2 comments would change." in out
    assert "would change: site settings" in out
    assert "1 of 1 site texts would change." in out
    assert Post.objects.get(pk=post.pk).body_html == "<p>old pipeline output</p>"
    assert Comment.objects.get(pk=comment.pk).body_html == "<p>old</p>"
    assert SiteSettings.objects.get().sponsor_html == "<p>old</p>"


def test_rerender_stores_fresh_html_and_is_idempotent(capsys):
    post = PostFactory()
    stale(post)
    rerender(capsys)
    assert r"\(e^{i\pi} + 1 = 0\)" in Post.objects.get(pk=post.pk).body_html
    out = rerender(capsys)
    assert "0 of 1 posts changed." in out
    assert "0 of 0 comments changed." in out


def without_emphasis(cleaner):
    """The cleaner with <em> taken off its allowlist: its text stays, the tag goes."""
    return bleach.Cleaner(
        tags=set(cleaner.tags) - {"em"},
        attributes=cleaner.attributes,
        protocols=cleaner.protocols,
        css_sanitizer=cleaner.css_sanitizer,
        strip=True,
    )


def test_after_an_allowlist_change_a_real_run_updates_posts_comments_and_site_texts(
    capsys, client, monkeypatch
):
    post = PostFactory(body="一段 *强调* 的正文。")
    comment = CommentFactory(post=post, body="评论里也有 *强调*。")
    site = SiteSettings.current()
    site.sponsor_text = "感谢 *每一位* 赞助者。"
    site.save()
    assert "<em>" in client.get(post.get_absolute_url()).content.decode()  # cached now
    for name in ("post_cleaner", "comment_cleaner", "snippet_cleaner"):
        monkeypatch.setattr(pipeline, name, without_emphasis(getattr(sanitize, name)))

    out = rerender(capsys)

    assert "1 of 1 posts changed." in out
    assert "1 of 1 comments changed." in out
    assert "1 of 1 site texts changed." in out
    assert Post.objects.get(pk=post.pk).body_html == "<p>一段 强调 的正文。</p>"
    assert "<em>" not in Comment.objects.get(pk=comment.pk).body_html
    assert SiteSettings.objects.get().sponsor_html == "<p>感谢 每一位 赞助者。</p>"
    # Readers see the new HTML at once: cached pages and the settings row were dropped.
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<em>" not in page
    assert "感谢 每一位 赞助者。" in page
    assert "1 of 1" not in rerender(capsys)


def test_rerender_reaches_static_pages(capsys, client):
    page = PageFactory(path="about", body="About $x_1$.")
    Page.objects.filter(pk=page.pk).update(body_html="<p>old pipeline output</p>")
    assert "would change: page /about/" in rerender(capsys, "--dry-run")
    assert "1 of 1 pages changed." in rerender(capsys)
    assert r"\(x_1\)" in Page.objects.get().body_html
    assert "old pipeline output" not in client.get("/about/").content.decode()
