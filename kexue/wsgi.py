import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kexue.settings")
# Web requests only: a query running longer than this is cancelled (milliseconds).
os.environ.setdefault("KEXUE_STATEMENT_TIMEOUT_MS", "10000")

application = get_wsgi_application()
