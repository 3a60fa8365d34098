import re

PASSWORD = "correct horse battery"


def path_in_mail(message):
    """The site path of the (first) link in a mail's plain-text body."""
    return re.search(r"https?://testserver(/\S*)", message.body).group(1)
