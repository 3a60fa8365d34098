from io import StringIO

import pytest
from django.core.management import call_command

from comments.models import Comment
from tests.factories import PostFactory
from tests.inert import executable_markup

pytestmark = pytest.mark.django_db(transaction=True)


def comment(post, body, status="approved"):
    made = Comment(post=post, body=body, guest_name="Ann", status=status)
    made.save()
    return made


def test_approved_comments_are_found_and_link_to_their_anchor(client):
    post = PostFactory(title="关于信息瓶颈")
    found = comment(post, "我认为信息瓶颈的拉格朗日乘子 $\\beta$ 决定了压缩程度。")
    body = client.get("/search/", {"q": "拉格朗日乘子"}).content.decode()
    assert f'href="/comments/{found.pk}/"' in body
    assert "<mark>" in body
    response = client.get(f"/comments/{found.pk}/")
    assert response.url.endswith(f"#comment-{found.pk}")


def test_pending_removed_deleted_and_draft_comments_are_never_found(client):
    post = PostFactory()
    draft = PostFactory(status="draft")
    hidden = [
        comment(post, "冷门词汇甲 pending", status="pending"),
        comment(post, "冷门词汇甲 removed", status="removed"),
        comment(post, "冷门词汇甲 spam", status="spam"),
        comment(draft, "冷门词汇甲 on a draft"),
    ]
    deleted = comment(post, "冷门词汇甲 deleted")
    deleted.is_deleted = True
    deleted.save()
    body = client.get("/search/", {"q": "冷门词汇甲"}).content.decode()
    for item in [*hidden, deleted]:
        assert f"/comments/{item.pk}/" not in body


def test_reindex_search_also_rebuilds_comment_vectors():
    post = PostFactory()
    made = comment(post, "Entropy of a Gaussian")
    Comment.objects.filter(pk=made.pk).update(search_vector=None)
    out = StringIO()
    call_command("reindex_search", stdout=out)
    assert "comments." in out.getvalue()
    assert Comment.objects.get(pk=made.pk).search_vector


def test_a_hostile_query_is_shown_as_text(client):
    comment(PostFactory(), "harmless")
    body = client.get("/search/", {"q": "<img src=x onerror=alert(1)>"}).content.decode()
    assert executable_markup(body) == []
