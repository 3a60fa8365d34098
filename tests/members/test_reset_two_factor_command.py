import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.second_factor import give_authenticator_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def protected(member):
    give_authenticator_app(member)
    RecoveryCodes.activate(member)
    return member


def test_a_lost_factor_is_removed_and_the_password_signs_in_again(client, protected, capsys):
    call_command("reset_two_factor", "ada")
    assert "Removed from ada: recovery_codes, totp." in capsys.readouterr().out
    assert not Authenticator.objects.filter(user=protected).exists()
    response = client.post(
        "/accounts/login/", {"login": "ada", "password": "correct horse battery"}
    )
    assert response["Location"] == "/"


def test_dry_run_removes_nothing(protected, capsys):
    call_command("reset_two_factor", "ada", "--dry-run")
    assert "Would remove from ada:" in capsys.readouterr().out
    assert Authenticator.objects.filter(user=protected).count() == 2


def test_other_members_keep_theirs(protected, capsys):
    from tests.factories import VerifiedMemberFactory

    other = VerifiedMemberFactory(username="emmy")
    call_command("reset_two_factor", "emmy")
    assert "emmy has no second factor" in capsys.readouterr().out
    assert Authenticator.objects.filter(user=protected).count() == 2
    assert not Authenticator.objects.filter(user=other).exists()


def test_an_unknown_member_is_named_in_the_error(protected):
    with pytest.raises(CommandError, match="No member is called 'nobody'"):
        call_command("reset_two_factor", "nobody")
    assert Authenticator.objects.filter(user=protected).count() == 2
