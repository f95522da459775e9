"""The Content-Security-Policy: strict everywhere, and the admin's rich-text editor works under it.

Checked in a real Chromium on this machine (docs/deploy.md): no violation on the public
pages, the admin lists and the article form with the editor once the editor's one <style>
element is allowed by hash. These tests pin what that relies on.
"""

import base64
import hashlib
import re
from pathlib import Path

import django_prose_editor
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

EDITOR_JS = Path(django_prose_editor.__file__).parent / "static" / "django_prose_editor" / "editor.js"


def csp_hash(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def policy(response):
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in response["Content-Security-Policy"].split(";"))


def test_the_allowed_style_hash_is_the_installed_editors_style():
    # Tiptap injects ProseMirror's base rules, a template literal starting ".ProseMirror {".
    injected = re.findall(r"`(\.ProseMirror \{.*?)`", EDITOR_JS.read_text(), flags=re.DOTALL)
    assert injected, "the editor no longer injects its base style: drop PROSE_EDITOR_STYLE_HASH"
    assert settings.PROSE_EDITOR_STYLE_HASH in {csp_hash(text) for text in injected}, (
        "django-prose-editor changed its injected style: update PROSE_EDITOR_STYLE_HASH in settings "
        f"to one of {sorted(csp_hash(text) for text in injected)}"
    )


def test_public_pages_have_a_strict_policy(client, small_site):
    for url in ["/", small_site.story.get_absolute_url()]:
        directives = policy(client.get(url))
        assert directives["default-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
        assert "'unsafe-inline'" not in directives["script-src"]
        assert "'unsafe-inline'" not in directives["style-src"]
        assert "'unsafe-eval'" not in directives["script-src"]


@pytest.mark.django_db
def test_the_article_form_loads_the_editor_from_this_site_with_nonced_inline_scripts(client):
    client.force_login(get_user_model().objects.create_user("desk", is_staff=True, is_superuser=True))
    response = client.get("/admin/articles/article/add/")
    assert response.status_code == 200
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)

    assert "django_prose_editor/editor" in html
    for tag in re.findall(r"<script\b[^>]*>", html):
        source = re.search(r'src="([^"]+)"', tag)
        if source:
            assert source.group(1).startswith("/"), f"script from another origin: {tag}"
        elif "application/json" not in tag:
            assert f'nonce="{nonce}"' in tag, f"inline script without the nonce: {tag}"
    assert not re.search(r'\sstyle="', html), "style attributes are blocked by style-src"
    assert not re.search(r"\son[a-z]+=\"", html), "event-handler attributes are blocked by script-src"
