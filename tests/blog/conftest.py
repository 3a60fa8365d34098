import pytest

from members.roles import make_editor
from tests.factories import UserFactory


@pytest.fixture
def editor():
    """A member of the Editors group: staff, but not a superuser."""
    user = UserFactory(username="editor")
    make_editor(user)
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
