"""members.permissions.user_can_comment: the comments app's question about a member."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser

from members.permissions import user_can_comment
from members.services import delete_account
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_member_with_a_verified_email_can_comment(member):
    assert user_can_comment(member)


def test_an_unverified_account_cannot_comment():
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    assert not user_can_comment(user)


def test_a_visitor_cannot_comment_as_a_member():
    assert not user_can_comment(AnonymousUser())


def test_a_deactivated_member_cannot_comment(member):
    member.is_active = False
    member.save()
    assert not user_can_comment(member)


def test_a_deleted_member_cannot_comment(member):
    delete_account(member)
    assert not user_can_comment(member)
