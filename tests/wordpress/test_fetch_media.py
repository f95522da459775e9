"""`import_wordpress --fetch-media`: the old site's images downloaded safely, once each, with every failure reported.

The old site is a local HTTP server on 127.0.0.2, the one network the tests allow
(IMPORT_ALLOW_PRIVATE_ADDRESSES); 127.0.0.1 and every other private address stay refused.
"""

import ipaddress
import time
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from articles.models import Article
from tests.support.wordpress import SITE_EXPORT, jpeg, report_value, run_import
from wordpress import fetch
from wordpress.models import ImportedAttachment

pytestmark = pytest.mark.django_db


@pytest.fixture
def export(old_site, tmp_path):
    """The fixture export as if the old site lived at the local server."""
    path = tmp_path / "site.xml"
    path.write_text(SITE_EXPORT.read_text().replace("https://old.example", old_site.base))
    return path


@pytest.fixture
def served(old_site):
    """The images the export's posts use, all present on the old site."""
    old_site.file("/wp-content/uploads/2024/03/hero.jpg", jpeg("crimson"))
    old_site.file("/wp-content/uploads/2024/03/inline.jpg", jpeg("navy"))
    old_site.file("/wp-content/uploads/2024/03/inline-300x200.jpg", jpeg("navy", (30, 20)))
    old_site.file("/wp-content/uploads/2024/02/gone.jpg", jpeg("green"))
    old_site.file("/wp-content/uploads/2024/02/missing-chart.png", jpeg("olive"))
    return old_site


def article(wp_id):
    return Article.objects.get(wordpress_post__wp_post_id=wp_id)


class TestFetching:
    def test_featured_and_body_images_come_from_the_old_site(self, export, served):
        output = run_import(export, "--fetch-media")
        assert report_value(output, "missing media") == 0
        story = article(101)
        assert story.hero_image and default_storage.exists(story.hero_image.name)
        # The resized copy the body shows is served by the original, already fetched for the link around it.
        inline = ImportedAttachment.objects.get(source_path="2024/03/inline.jpg")
        assert f'src="{default_storage.url(inline.stored_name)}"' in story.body
        assert article(107).hero_image  # a relative body URL and a second post's hero too

    def test_each_file_is_fetched_once_across_posts_and_runs(self, export, served):
        run_import(export, "--fetch-media")
        run_import(export, "--fetch-media")
        assert served.requests
        assert set(served.requests.values()) == {1}, served.requests

    def test_the_same_safe_pipeline_strips_location_data(self, export, served):
        exif = Image.Exif()
        exif.get_ifd(0x8825)[2] = (48.0, 51.0, 24.0)
        out = BytesIO()
        Image.new("RGB", (120, 80), "navy").save(out, "JPEG", exif=exif)
        served.file("/wp-content/uploads/2024/03/hero.jpg", out.getvalue())
        run_import(export, "--fetch-media")
        with default_storage.open(article(101).hero_image.name) as handle, Image.open(handle) as image:
            assert not image.getexif().get_ifd(0x8825)

    def test_without_the_option_nothing_is_fetched(self, export, served):
        output = run_import(export)
        assert not served.requests
        assert "featured image 2024/03/hero.jpg: no --media-dir given" in output

    def test_a_stopped_run_resumes_with_what_is_missing(self, export, old_site):
        old_site.file("/wp-content/uploads/2024/03/hero.jpg", jpeg())
        first = run_import(export, "--fetch-media")
        assert "2024/02/gone.jpg: could not be fetched" in first and "HTTP 404" in first
        old_site.file("/wp-content/uploads/2024/02/gone.jpg", jpeg("green"))
        second = run_import(export, "--fetch-media")
        assert article(107).hero_image
        assert old_site.requests["/wp-content/uploads/2024/03/hero.jpg"] == 1
        assert "gone.jpg" not in second.split("missing media")[1]


class TestHostileSources:
    def test_a_redirect_to_the_loopback_address_is_refused(self, export, served):
        served.redirect("/wp-content/uploads/2024/03/hero.jpg", "http://127.0.0.1:9/secret.jpg")
        output = run_import(export, "--fetch-media")
        assert "featured image 2024/03/hero.jpg: could not be fetched" in output
        assert "127.0.0.1 is not a public address" in output
        assert not article(101).hero_image

    def test_a_private_host_is_refused_unless_allowed(self, export, served, settings):
        settings.IMPORT_ALLOW_PRIVATE_ADDRESSES = []
        output = run_import(export, "--fetch-media")
        assert "127.0.0.2 is not a public address" in output
        assert not served.requests

    def test_a_name_resolving_to_a_private_address_is_refused(self, tmp_path, served):
        path = tmp_path / "localhost.xml"
        path.write_text(SITE_EXPORT.read_text().replace("https://old.example", "http://localhost:9"))
        output = run_import(path, "--fetch-media")
        assert "is not a public address" in output

    def test_only_http_and_https_are_fetched(self, tmp_path, served):
        path = tmp_path / "file.xml"
        path.write_text(SITE_EXPORT.read_text().replace("https://old.example", "file://"))
        output = run_import(path, "--fetch-media")
        assert "only http and https addresses are fetched" in output

    def test_a_file_claiming_two_gigabytes_is_refused_before_it_is_read(self, export, served):
        served.claims_size("/wp-content/uploads/2024/03/hero.jpg", 2 * 1024**3)
        started = time.monotonic()
        output = run_import(export, "--fetch-media")
        assert "2,147,483,648 bytes announced, more than the" in output
        assert time.monotonic() - started < 10
        assert not article(101).hero_image

    def test_a_file_streaming_past_the_limit_is_cut_off(self, export, served, settings):
        settings.IMPORT_FETCH_MAX_BYTES = 200_000
        served.streams("/wp-content/uploads/2024/03/hero.jpg", 4 * 1024 * 1024)
        output = run_import(export, "--fetch-media")
        assert "hero.jpg: could not be fetched" in output and "more than the 200,000 bytes allowed" in output

    def test_a_server_that_stalls_times_out(self, export, served):
        served.stalls("/wp-content/uploads/2024/03/hero.jpg", 3)
        output = run_import(export, "--fetch-media")
        assert "hero.jpg: could not be fetched" in output and "timed out" in output

    def test_a_download_that_is_not_an_image_is_refused_by_the_image_checks(self, export, served):
        served.file("/wp-content/uploads/2024/03/hero.jpg", b"<html>not a picture</html>", "text/html")
        output = run_import(export, "--fetch-media")
        assert "featured image 2024/03/hero.jpg: not a readable image" in output

    def test_too_many_redirects_stop(self, export, served):
        served.redirect("/wp-content/uploads/2024/03/hero.jpg", "/loop")
        served.redirect("/loop", "/wp-content/uploads/2024/03/hero.jpg")
        output = run_import(export, "--fetch-media")
        assert "more than 3 redirects" in output


class TestAddressChecks:
    @pytest.mark.parametrize(
        "address",
        ["127.0.0.1", "10.0.0.5", "192.168.1.1", "169.254.169.254", "::1", "fe80::1", "0.0.0.0", "::ffff:10.0.0.1"],  # noqa: S104,
    )
    def test_private_addresses_are_refused(self, address):
        with pytest.raises(fetch.FetchError, match="not a public address"):
            fetch.check_address(address, [])

    @pytest.mark.parametrize(
        ("address", "inner"),
        [
            ("64:ff9b::a00:5", "10.0.0.5"),  # NAT64
            ("64:ff9b::7f00:1", "127.0.0.1"),
            ("64:ff9b::a9fe:a9fe", "169.254.169.254"),
            ("2002:c0a8:101::1", "192.168.1.1"),  # 6to4
            ("2002:7f00:1::1", "127.0.0.1"),
            ("::ffff:10.0.0.1", "10.0.0.1"),  # IPv4-mapped
            ("::ffff:127.0.0.1", "127.0.0.1"),
        ],
    )
    def test_ipv6_addresses_that_lead_to_a_private_ipv4_are_refused_and_say_which(self, address, inner):
        with pytest.raises(fetch.FetchError, match=f"leads to {inner}, which is not a public address"):
            fetch.check_address(address, [])

    def test_a_6to4_or_teredo_address_is_refused_even_for_a_public_host(self):
        for address in ["2002:5db8:d822::1", "2001:0:4136:e378:5db8:d822:a247:27dd"]:  # both lead to 93.184.216.34
            with pytest.raises(fetch.FetchError, match="is a 6to4 or Teredo address"):
                fetch.check_address(address, [])

    def test_a_public_address_passes(self):
        fetch.check_address("93.184.216.34", [])

    @pytest.mark.parametrize("address", ["64:ff9b::5db8:d822", "::ffff:93.184.216.34"])
    def test_a_public_ipv4_host_reached_through_ipv6_passes(self, address):
        fetch.check_address(address, [])

    def test_an_allowed_network_covers_the_ipv4_an_address_leads_to(self):
        fetch.check_address("64:ff9b::a00:5", [ipaddress.ip_network("10.0.0.0/8")])
