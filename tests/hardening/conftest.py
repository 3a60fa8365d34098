import pytest

from tests.factories import PostFactory


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """Hundreds of submissions from one client: the limits are tested elsewhere.
    Every limit, the comments' included, is an ACCOUNT_RATE_LIMITS entry."""
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def post(db):
    return PostFactory(title="On the Basel problem")
