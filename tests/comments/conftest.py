import pytest

from kexue.models import SiteSettings
from tests.factories import PostFactory


@pytest.fixture
def client(client):
    """Pages in English: refusals are compared with gettext under override("en"),
    whatever the Chinese catalogue holds."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def post(db):
    return PostFactory(title="On the Basel problem")


@pytest.fixture
def site_settings(db):
    """The settings row; change a field, then call .save()."""
    return SiteSettings.current()
