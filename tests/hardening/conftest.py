import pytest

from tests.factories import PostFactory


@pytest.fixture(autouse=True)
def no_rate_limits(monkeypatch, settings):
    """Hundreds of submissions from one client: the limits are tested elsewhere."""
    monkeypatch.setattr("comments.services.POSTS_PER_MINUTE", {"member": 10**6, "address": 10**6})
    monkeypatch.setattr("comments.views.PREVIEWS_PER_MINUTE", 10**6)
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def post(db):
    return PostFactory(title="On the Basel problem")
