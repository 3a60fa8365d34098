"""The subscriber list in the admin: counted, exported as CSV, pruned."""

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from blog.models import Subscriber

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:blog_subscriber_changelist")


@pytest.fixture
def subscribers(member):
    return [
        Subscriber.objects.create(email="ada@example.org", member=member),
        Subscriber.objects.create(email="emmy@example.org"),
        Subscriber.objects.create(email="sophie@example.org"),
    ]


def test_the_list_counts_members_and_guests(admin_client, subscribers, settings):
    settings.LANGUAGE_CODE = "en"
    page = admin_client.get(CHANGELIST).content.decode()
    assert "3 subscribers" in page
    assert "(1)" in page and "(2)" in page  # the facets: with and without an account


def test_the_export_is_a_csv_of_the_confirmed_addresses(admin_client, subscribers):
    response = admin_client.post(
        CHANGELIST,
        {"action": "export_csv", ACTION_CHECKBOX_NAME: [s.pk for s in subscribers]},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["email", "member", "confirmed_at"]
    assert sorted(row[:2] for row in rows[1:]) == [
        ["ada@example.org", "ada"],
        ["emmy@example.org", ""],
        ["sophie@example.org", ""],
    ]


def test_an_address_a_spreadsheet_would_run_is_exported_as_text(admin_client):
    hostile = Subscriber.objects.create(email="=HYPERLINK(1)@example.org")
    response = admin_client.post(
        CHANGELIST, {"action": "export_csv", ACTION_CHECKBOX_NAME: [hostile.pk]}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0] == "'=HYPERLINK(1)@example.org"


def test_an_operator_removes_one(admin_client, subscribers):
    emmy = subscribers[1]
    response = admin_client.post(
        reverse("admin:blog_subscriber_delete", args=[emmy.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "ada@example.org",
        "sophie@example.org",
    ]


def test_only_staff_see_the_list(member_client, subscribers):
    assert member_client.get(CHANGELIST).status_code == 302
