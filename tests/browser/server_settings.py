"""Settings of the server the browser tests drive: the production settings, in local mode.

The server runs `newsroom.settings` itself (DEBUG off, CSP on, manifest static files
through WhiteNoise, media served by the app as in local mode) with everything it writes
(database, media, static files, cache) in a temporary folder the fixture passes in the
environment. Only one thing differs: seed_demo keeps its generated demo passwords in that
folder too, so a test run never writes into the checkout's var/.
"""

import os

from newsroom.settings import *  # noqa: F403

DEMO_LOGINS_FILE = os.environ["BROWSER_DEMO_LOGINS_FILE"]

# A throwaway database: no fsync per transaction (on a busy machine that turns migrate from
# minutes into seconds). Never a setting for a database anyone keeps.
DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"  # noqa: F405
