"""How allauth.mfa speaks for this site: authenticator apps list the account
under the site's name from the site settings, not under the host name."""

from allauth.mfa.adapter import DefaultMFAAdapter

from kexue.models import SiteSettings


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self):
        return SiteSettings.current().site_name
