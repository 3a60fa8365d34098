import pytest
from django.utils.translation import override

from comments.models import Comment
from members.services import delete_account
from tests.factories import PostFactory, VerifiedMemberFactory

pytestmark = pytest.mark.django_db


def test_a_deleted_members_comments_stay_in_the_thread_as_by_a_deleted_member(client):
    member = VerifiedMemberFactory(username="leaving")
    post = PostFactory()
    parent = Comment(post=post, author=member, body="My theorem $a^2$", status="approved")
    parent.save()
    Comment(post=post, parent=parent, guest_name="Bo", body="A reply", status="approved").save()
    delete_account(member)
    body = client.get(post.get_absolute_url(), headers={"accept-language": "en"}).content.decode()
    assert "My theorem" in body and "A reply" in body
    with override("en"):
        assert '<span class="comment-author">deleted member</span>' in body
    assert "/members/leaving/" not in body
    assert Comment.objects.count() == 2
