"""Newsroom settings, by concern; every value comes from the environment.

Safe by default: DEBUG is off, a real SECRET_KEY is required to serve, cookies are secure
and HTTPS is assumed. `NEWSROOM_LOCAL=1` (set by `make serve`) relaxes only what a laptop
without TLS needs; it never turns DEBUG on by itself. The entry points (manage.py,
newsroom/wsgi.py, asgi.py, gunicorn.conf.py) read `.env` into the environment first.

- base: the mode, the site, installed apps, middleware, templates, logging
- security: secret key, hosts, HTTPS and headers, CSP, sessions, sign-in
- data: database, caches and the page cache, static files, media, images
- content: what the public pages, the editorial tools, search and feeds show
- mail: the SMTP server, sender addresses and the desk's address
- richmedia: embed providers' oEmbed endpoints and the body editor's media blocks
"""

from newsroom.settings.base import *  # noqa: F403
from newsroom.settings.content import *  # noqa: F403
from newsroom.settings.data import *  # noqa: F403
from newsroom.settings.mail import *  # noqa: F403
from newsroom.settings.richmedia import *  # noqa: F403
from newsroom.settings.security import *  # noqa: F403
