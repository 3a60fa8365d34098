import pytest

pytestmark = pytest.mark.django_db


def test_home_speaks_chinese_by_default(client):
    body = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in body
    assert "参与讨论" in body  # "Take part"
    assert "注册" in body


def test_home_speaks_english_when_the_browser_asks(client):
    body = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in body
    assert "Take part" in body
    assert "Register" in body


def test_language_switch_keeps_english_for_the_visitor(client):
    response = client.get("/lang/en/?next=/archives/")
    assert response.status_code == 302 and response.url == "/archives/"
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body and "Take part" in body


def test_language_switch_never_redirects_off_site(client):
    response = client.get("/lang/en/?next=https://evil.example/")
    assert response.url == "/"
    assert client.get("/lang/xx/?next=/").status_code == 302  # unknown code: no cookie, no error
    assert "django_language" not in client.get("/lang/xx/?next=/").cookies
