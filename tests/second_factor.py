"""Two-factor sign-in for tests: codes computed from a secret the way an
authenticator app does, and staff sessions that passed the second factor."""

import time

from allauth.mfa import app_settings
from allauth.mfa.base.internal.flows import post_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.http import HttpRequest


def totp_code(secret, periods_ahead=0):
    """The code an authenticator app shows now (or that many periods later)."""
    counter = int(time.time()) // app_settings.TOTP_PERIOD + periods_ahead
    return format_hotp_value(hotp_value(secret, counter))


def give_authenticator_app(user):
    """A TOTP authenticator for the user (the existing one if they have one)."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return existing or TOTP.activate(user, generate_totp_secret()).instance


def pass_second_factor(client, user):
    """Record in the client's session that the user entered an app's code, as
    allauth's login does after the password (the step the admin asks for)."""
    authenticator = give_authenticator_app(user)
    request = HttpRequest()
    request.session = client.session
    request.user = user
    post_authentication(request, authenticator)
    request.session.save()
