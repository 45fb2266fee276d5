"""gunicorn settings for the portal (README, Production deployment): ``gunicorn -c gunicorn.conf.py``.

Access lines go to stdout with signed link tokens replaced by ``[token]`` (dsar/core/access_log.py):
a token in a URL is the requester's credential and must not sit in log files (security.md P-06)."""

accesslog = "-"
logger_class = "dsar.core.access_log.RedactingLogger"
