"""The legal core of the portal, in pure Python: states, transitions, decisions and deadlines.

Nothing here imports Flask, SQLAlchemy, rq, Redis or the portal itself (a test enforces it), so the
rules can be read, tested and reused on their own. Every rule cites its source in rules.md."""
