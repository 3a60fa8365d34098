import pytest
from django.core.management import CommandError, call_command

from members.roles import EDITORS
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def is_editor(user):
    user.refresh_from_db()
    return user.is_staff and user.groups.filter(name=EDITORS).exists()


def test_make_editor_grants_and_removes_the_role(member, capsys):
    call_command("make_editor", member.username)
    assert is_editor(member)
    assert "ada is now an editor." in capsys.readouterr().out

    call_command("make_editor", member.username, "--remove")
    member.refresh_from_db()
    assert not member.is_staff
    assert not member.groups.exists()


def test_removing_the_role_leaves_a_superuser_staff():
    admin = StaffFactory()
    call_command("make_editor", admin.username)
    call_command("make_editor", admin.username, "--remove")
    admin.refresh_from_db()
    assert admin.is_staff
    assert not admin.groups.exists()


def test_unknown_member_is_an_error():
    with pytest.raises(CommandError, match="nobody"):
        call_command("make_editor", "nobody")


def test_deactivated_member_cannot_become_an_editor(member):
    member.is_active = False
    member.save()
    with pytest.raises(CommandError, match="deactivated"):
        call_command("make_editor", member.username)
    assert not is_editor(member)
