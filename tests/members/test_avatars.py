"""Avatar uploads: only real, reasonably sized pictures, re-encoded without metadata."""

import io

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}


def picture(format="JPEG", size=(640, 480), mode="RGB", colour="teal", **save_options):
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, format=format, **save_options)
    return buffer.getvalue()


def upload(client, content, name="me.jpg", content_type="image/jpeg"):
    data = {
        "display_name": "",
        "website": "",
        "bio": "",
        "notify_on_reply": "on",
        "avatar": SimpleUploadedFile(name, content, content_type=content_type),
    }
    return client.post("/members/settings/", data, headers=ENGLISH)


def stored_avatar(member):
    return get_user_model().objects.get(pk=member.pk).avatar


def avatar_error(response):
    assert response.status_code == 200
    return " ".join(response.context["form"].errors["avatar"])


def test_photo_becomes_a_square_thumbnail_without_exif(member_client, member):
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Industries"  # camera make
    exif[0x0132] = "2024:05:01 12:00:00"  # date taken
    assert upload(member_client, picture(exif=exif)).status_code == 302

    avatar = stored_avatar(member)
    assert avatar.name.startswith(f"avatars/{member.pk}/")
    assert (settings.MEDIA_ROOT / avatar.name).is_file()
    content = avatar.read()
    assert b"SpyCam" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert image.size == (160, 160)
        assert image.format == "JPEG"
        assert not image.getexif()


def test_transparent_picture_stays_transparent_as_png(member_client, member):
    assert (
        upload(
            member_client, picture("PNG", mode="RGBA", colour=(0, 128, 128, 100)), name="me.png"
        ).status_code
        == 302
    )
    with Image.open(stored_avatar(member)) as image:
        assert image.format == "PNG"
        assert image.size == (160, 160)


def test_profile_shows_the_uploaded_avatar(client, member_client, member):
    upload(member_client, picture())
    body = client.get(f"/members/{member.username}/").content.decode()
    assert f'src="{stored_avatar(member).url}"' in body


@pytest.mark.parametrize(
    ("content", "name", "explanation"),
    [
        (b"<?php system($_GET['c']); ?>", "shell.png", "picture"),
        (b"GIF89a<script>alert(1)</script>", "polyglot.gif", "picture"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "vector.svg", "picture"),
        (b"%PDF-1.4 not a picture", "paper.jpg", "picture"),
        (b"", "empty.png", "empty"),
    ],
)
def test_files_that_are_not_pictures_are_refused(member_client, member, content, name, explanation):
    assert explanation in avatar_error(upload(member_client, content, name=name))
    assert not stored_avatar(member)


def test_truncated_picture_is_refused(member_client, member):
    assert "picture" in avatar_error(upload(member_client, picture()[:400]))
    assert not stored_avatar(member)


def test_ten_megabyte_upload_is_refused_with_the_limit(member_client, member):
    ten_megabytes = picture()[:100] + b"\0" * (10 * 1024 * 1024)
    message = avatar_error(upload(member_client, ten_megabytes))
    assert "too large" in message
    assert "2.0\xa0MB" in message
    assert not stored_avatar(member)


def test_picture_with_too_many_pixels_is_refused_before_decoding(member_client, member):
    # A few kilobytes on disk, 36 million pixels once decoded.
    bomb = picture("PNG", size=(6000, 6000), mode="1", colour=1)
    assert len(bomb) < 100_000
    assert "too many pixels" in avatar_error(upload(member_client, bomb, name="bomb.png"))
    assert not stored_avatar(member)


def test_new_avatar_replaces_the_old_file(
    member_client, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(member_client, picture())
    first = settings.MEDIA_ROOT / stored_avatar(member).name
    with django_capture_on_commit_callbacks(execute=True):
        upload(member_client, picture(size=(300, 300)))
    second = settings.MEDIA_ROOT / stored_avatar(member).name
    assert second.is_file()
    assert not first.exists()


def test_clearing_the_avatar_returns_to_the_generated_one(
    member_client, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(member_client, picture())
    stored = settings.MEDIA_ROOT / stored_avatar(member).name
    data = {"display_name": "", "website": "", "bio": "", "avatar-clear": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        assert member_client.post("/members/settings/", data).status_code == 302
    assert not stored.exists()
    member.refresh_from_db()
    assert member.avatar_url == f"/members/{member.username}/avatar.svg"
