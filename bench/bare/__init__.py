"""A bare Django project: the yardstick every page of the benchmark is a ratio to.

`django-admin startproject`'s settings (its default apps and middleware) with DEBUG off and
one view returning a small HttpResponse, served by gunicorn with the same flags as the
site (bench.servers). Nothing of Newsroom is imported, so it measures what Django and
gunicorn cost on this machine and nothing else.
"""
