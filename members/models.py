from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """The site's member. A custom model from the first migration, so profile
    fields can grow here without ever migrating away from auth.User."""
