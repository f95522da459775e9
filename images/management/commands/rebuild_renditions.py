"""Make every image's renditions: after a deploy that changed the rendition plan, an import, or a failure.

    python manage.py rebuild_renditions            # only what is missing (resumes an interrupted run)
    python manage.py rebuild_renditions --force    # remake everything
    python manage.py rebuild_renditions --verify-files   # also remake renditions whose file has gone

Images stored outside the pipeline (old data, imports) are normalised first. A failing
image is reported and skipped; the exit status is 1 when any failed. Then the stored body
HTML of articles with pictures from our media is made again (only changed rows are written).
"""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from articles.services import store_rendered_bodies
from images import body, services, specs
from images.models import Rendition

BAR_WIDTH = 30


class Progress:
    """A hand-written progress bar: redrawn in place on a terminal, a line per tenth otherwise."""

    def __init__(self, stream, total, *, enabled=True):
        self.stream, self.total, self.done, self.failed = stream, total, 0, 0
        self.enabled = enabled and total > 0
        self.interactive = hasattr(stream, "isatty") and stream.isatty()
        self._last_tenth = -1

    def advance(self, *, failed=False):
        self.done += 1
        self.failed += int(failed)
        if not self.enabled:
            return
        filled = BAR_WIDTH * self.done // self.total
        line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self.done}/{self.total} images, {self.failed} failed"
        if self.interactive:
            self.stream.write("\r" + line, ending="")
            if self.done == self.total:
                self.stream.write("")
        elif (tenth := 10 * self.done // self.total) != self._last_tenth:
            self._last_tenth = tenth
            self.stream.write(line)
        self.stream.flush()


class Command(BaseCommand):
    help = "Make the missing renditions of every stored image (all of them with --force); reports failures."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Remake renditions that already exist.")
        parser.add_argument(
            "--verify-files",
            action="store_true",
            help="Also remake renditions whose record exists but whose file is missing from storage.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not draw the progress bar.")

    def handle(self, *args, force=False, verify_files=False, no_progress=False, **options):
        failures = []
        for field, instance in self.unnormalised():
            name = getattr(instance, field.name).name
            try:
                new_name = services.normalise_stored(instance, field.name)
                if new_name is None:
                    self.stdout.write(f"Left {name}: replaced by a new upload meanwhile")
                else:
                    self.stdout.write(f"Normalised {name} -> {new_name}")
            except Exception as error:  # one bad file must not stop the run
                failures.append((name, error))

        renamed = services.names_follow_focal_points()
        if renamed:
            self.stdout.write(f"{renamed} images renamed to carry their focal point.")
        names = [name for name in services.image_names_in_use() if specs.parse_master(name)]
        progress = Progress(self.stderr, len(names), enabled=not no_progress)
        made = 0
        for name in names:
            try:
                if verify_files and not force:
                    self.forget_missing_files(name)
                made += services.ensure_renditions(name, force=force)
                progress.advance()
            except Exception as error:
                failures.append((name, error))
                progress.advance(failed=True)

        # Stored bodies carry their pictures' srcsets: a changed plan changes them.
        bodies = store_rendered_bodies(body.articles_with_media_images())
        self.stdout.write(f"{len(names)} images, {made} renditions made, {len(failures)} failed.")
        self.stdout.write(f"{bodies} article bodies stored again.")
        for name, error in failures:
            self.stderr.write(self.style.ERROR(f"FAILED {name}: {error.__class__.__name__}: {error}"))
        if failures:
            raise CommandError(f"{len(failures)} image(s) failed; the others are done.", returncode=1)

    def unnormalised(self):
        """(field, instance) for images stored outside the pipeline whose file still exists."""
        for field in services.image_fields():
            queryset = field.model._base_manager.exclude(**{field.name: ""}).exclude(**{f"{field.name}__isnull": True})
            for instance in queryset.only("pk", field.name).iterator():
                name = getattr(instance, field.name).name
                if specs.parse_master(name) is None and default_storage.exists(name):
                    yield field, instance

    def forget_missing_files(self, name):
        """Drop the records of renditions whose file is gone, so ensure_renditions makes them again."""
        gone = [r.pk for r in Rendition.objects.filter(image__name=name) if not default_storage.exists(r.file.name)]
        if gone:
            Rendition.objects.filter(pk__in=gone).delete()
