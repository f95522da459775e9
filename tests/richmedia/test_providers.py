"""Which pasted links become embed blocks, and the player each one gets."""

import pytest

from richmedia import providers

YOUTUBE_ID = "dQw4w9WgXcQ"


@pytest.mark.parametrize(
    ("url", "name", "embed_id", "player"),
    [
        (f"https://www.youtube.com/watch?v={YOUTUBE_ID}", "youtube", YOUTUBE_ID, f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}?autoplay=1&rel=0"),
        (f"https://youtu.be/{YOUTUBE_ID}?t=42", "youtube", YOUTUBE_ID, None),
        (f"https://www.youtube.com/shorts/{YOUTUBE_ID}", "youtube", YOUTUBE_ID, None),
        ("https://vimeo.com/76979871", "vimeo", "76979871", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"),
        ("https://x.com/WHO/status/1790000000000000000", "x", "1790000000000000000", None),
        ("https://twitter.com/WHO/status/1790000000000000000?s=20", "x", "1790000000000000000", None),
        ("https://bsky.app/profile/nih.gov/post/3kxyzabc2", "bluesky", "nih.gov/post/3kxyzabc2", "https://embed.bsky.app/embed/nih.gov/post/3kxyzabc2"),
        ("https://www.instagram.com/p/C1a2b3c4d5e/", "instagram", "C1a2b3c4d5e", "https://www.instagram.com/p/C1a2b3c4d5e/embed/"),
        ("https://www.tiktok.com/@who/video/7300000000000000000", "tiktok", "7300000000000000000", None),
        ("https://soundcloud.com/nih-radio/episode-12", "soundcloud", "nih-radio/episode-12", None),
        ("https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk", "spotify", "episode/4rOoJ6Egrf8K2IrywzwOMk", "https://open.spotify.com/embed/episode/4rOoJ6Egrf8K2IrywzwOMk"),
        ("https://datawrapper.dwcdn.net/AbC12/3/", "datawrapper", "AbC12", "https://datawrapper.dwcdn.net/AbC12/"),
        ("https://public.flourish.studio/visualisation/1234567/", "flourish", "visualisation/1234567", "https://flo.uri.sh/visualisation/1234567/embed"),
    ],
)  # fmt: skip
def test_a_provider_link_becomes_an_embed_with_its_player_built_here(url, name, embed_id, player):
    embed = providers.match(url)
    assert embed is not None
    assert (embed.provider.name, embed.id, embed.url) == (name, embed_id, url)
    if player:
        assert embed.provider.player_url(embed.id) == player
    assert embed.provider.player_url(embed.id).startswith(embed.provider.frame_source + "/")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a-story",
        "javascript:alert(1)//https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=<script>alert(1)</script>",
        'https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>alert(1)</script>',
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example/www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
        "data:text/html,<script>alert(1)</script>",
        "ftp://vimeo.com/76979871",
        "https://vimeo.com/not-a-video",
        "",
    ],
)
def test_an_unknown_or_hostile_link_is_no_embed(url):
    assert providers.match(url) is None


def test_a_stored_block_counts_only_when_its_link_still_gives_its_provider_and_id():
    url = f"https://www.youtube.com/watch?v={YOUTUBE_ID}"
    assert providers.embed_for_block("youtube", YOUTUBE_ID, url) is not None
    assert providers.embed_for_block("vimeo", YOUTUBE_ID, url) is None
    assert providers.embed_for_block("youtube", "aaaaaaaaaaa", url) is None


def test_every_player_is_allowed_by_the_csp_and_nothing_else_is(settings):
    frame_src = [str(source) for source in settings.SECURE_CSP["frame-src"]]
    assert set(frame_src) == {"'self'", *providers.FRAME_SOURCES}
    assert "https://www.youtube.com" not in frame_src  # the privacy-enhanced host only


def test_the_sanitizer_keeps_exactly_what_an_embed_block_carries():
    from articles.sanitize import ALLOWED_ATTRIBUTES

    assert providers.EMBED_BLOCK_ATTRIBUTES <= ALLOWED_ATTRIBUTES["figure"]
