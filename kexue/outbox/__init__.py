"""Every e-mail the site sends waits here first, so a mail-server outage loses
and blocks nothing: callers queue a message (`queueing`), `send_mail` delivers
what is due and retries failures with backoff (`delivery`)."""
