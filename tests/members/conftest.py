import re

import pytest

from tests.factories import VerifiedMemberFactory

PASSWORD = "correct horse battery"


def path_in_mail(message):
    """The site path of the (first) link in a mail's plain-text body."""
    return re.search(r"https?://testserver(/\S*)", message.body).group(1)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Failed logins still hash (Django's guard against timing attacks); the
    # rate-limit tests make dozens of them.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def member(db):
    return VerifiedMemberFactory(username="ada", email="ada@example.org")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client
