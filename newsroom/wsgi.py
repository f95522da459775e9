import os

from django.core.wsgi import get_wsgi_application

from newsroom.env import load_env_file
from newsroom.startup import refuse_to_serve_without_a_secret

load_env_file()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

refuse_to_serve_without_a_secret()
application = get_wsgi_application()
