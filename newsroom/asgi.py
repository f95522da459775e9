import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

from newsroom.startup import refuse_to_serve_without_a_secret  # noqa: E402

refuse_to_serve_without_a_secret()
application = get_asgi_application()
