"""Storing images and making their renditions: called by forms, signals, commands and tests alike.

Everything goes through `default_storage`, so the same code writes to local files or to
S3-compatible object storage (django-storages) by settings alone.
"""

import logging
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction

from articles import changes, pending

from . import processing, specs
from .models import ImageMeta, Rendition

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImageField:
    """One model field whose images get the pipeline (from settings.IMAGE_FIELDS)."""

    model: type
    name: str

    def names_in_use(self):
        return (
            self.model._base_manager.exclude(**{self.name: ""})
            .exclude(**{f"{self.name}__isnull": True})
            .values_list(self.name, flat=True)
            .distinct()
        )


def image_fields():
    """The configured image fields, e.g. Article.hero_image and Author.photo."""
    fields = []
    for dotted in settings.IMAGE_FIELDS:
        app_label, model_name, field_name = dotted.split(".")
        fields.append(ImageField(apps.get_model(app_label, model_name), field_name))
    return fields


def image_names_in_use():
    """Every stored image name any configured field holds, sorted, without repeats."""
    names = set()
    for field in image_fields():
        names.update(field.names_in_use())
    return sorted(names)


def is_referenced(name):
    return any(field.model._base_manager.filter(**{field.name: name}).exists() for field in image_fields())


def _save_exact(name, data):
    """Write `data` at exactly `name`, replacing what is there (a rendition's name says what it holds)."""
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:
        # Another process wrote the same rendition a moment ago; its copy is as good as ours.
        default_storage.delete(saved)
    return name


def _delete_unused_files(names):
    """Delete the rendition files of `names` that no Rendition records any more."""
    names = set(names)
    kept = set(Rendition.objects.filter(file__in=names).values_list("file", flat=True))
    for name in names - kept:
        default_storage.delete(name)


def ensure_renditions(name, *, force=False, crops_only=False):
    """Make the renditions of the normalised master `name` that are missing (all of them with force).

    Returns the number made. A rendition is missing when no record has its current file name
    (the name changes with its content: images.specs), so a changed plan, encoder or focal
    point makes new files, and the files they replace are deleted. The master is opened with
    Pillow only when something is missing, so calling this again costs one query and no image work.
    """
    master = specs.parse_master(name)
    if master is None:
        raise ValueError(f"{name!r} is not a normalised image name")
    wanted = [spec for spec in specs.plan(master) if spec.crop or not crops_only]
    recorded = dict(Rendition.objects.filter(image__name=name).values_list("spec", "file"))
    if not force:
        wanted = [spec for spec in wanted if recorded.get(spec.key) != specs.rendition_name(master, spec)]
        if not wanted:
            return 0
    focal = master.focal
    meta, _ = ImageMeta.objects.get_or_create(
        name=name,
        defaults={
            "width": master.width,
            "height": master.height,
            "focal_x": focal[0] if focal else None,
            "focal_y": focal[1] if focal else None,
        },
    )
    with default_storage.open(name, "rb") as handle:
        image = processing.open_master(handle)
    for spec in wanted:
        data = processing.render_rendition(image, spec, focal=focal if spec.crop else None)
        file_name = _save_exact(specs.rendition_name(master, spec), data)
        Rendition.objects.update_or_create(
            image=meta,
            spec=spec.key,
            defaults={
                "crop": spec.crop,
                "format": spec.format,
                "file": file_name,
                "width": spec.width,
                "height": spec.height,
                "focal_x": focal[0] if focal and spec.crop else None,
                "focal_y": focal[1] if focal and spec.crop else None,
            },
        )
    made = {spec.key: specs.rendition_name(master, spec) for spec in wanted}
    _delete_unused_files(recorded[key] for key in made if recorded.get(key) and recorded[key] != made[key])
    return len(wanted)


def store_normalised(field_file, upload):
    """Validate and re-encode `upload`, store it in `field_file` (the instance is not saved) and build renditions.

    Raises processing.ImageRefused when the upload is not an acceptable image.
    """
    normalised = processing.normalise_upload(upload)
    field_file.save(normalised.content.name, normalised.content, save=False)
    ensure_renditions(field_file.name)
    return field_file.name


def normalise_stored(instance, field_name):
    """Bring an image stored some other way (shell, import, old data) through the pipeline.

    The file is re-encoded under a generated name, the row is pointed at it and the
    original, which may carry GPS data, is deleted unless something else uses it.
    Returns the new name, or None when the row no longer holds the image (an editor's new upload
    meanwhile): that one stands, and the copy made here is deleted.
    """
    field_file = getattr(instance, field_name)
    old_name = field_file.name
    with default_storage.open(old_name, "rb") as handle:
        normalised = processing.normalise_upload(File(handle, name=old_name))
    field = instance._meta.get_field(field_name)
    new_name = default_storage.save(field.generate_filename(instance, normalised.content.name), normalised.content)
    with transaction.atomic():
        still_held = {field_name: old_name}
        updated = type(instance)._base_manager.filter(pk=instance.pk, **still_held).update(**{field_name: new_name})
        if updated:
            pending.rename_hero(old_name, new_name)  # pending changes naming the old file follow it
    if not updated:
        default_storage.delete(new_name)
        if not is_referenced(old_name):
            default_storage.delete(old_name)  # the original may carry GPS data: gone either way
        return None
    field_file.name = new_name
    # Pages name the image by its stored name: written around save(), so said here.
    changes.site_changed()
    if not is_referenced(old_name):
        default_storage.delete(old_name)
    return new_name


def process_field(instance, field_name):
    """Make sure the image in `instance.<field_name>` is normalised and has its renditions."""
    field_file = getattr(instance, field_name)
    if not field_file or not field_file.name:
        return
    name = field_file.name
    if specs.parse_master(name) is None:
        if not default_storage.exists(name):
            logger.warning("Image %s of %r is missing from storage", name, instance)
            return
        try:
            name = normalise_stored(instance, field_name)
        except processing.ImageRefused as refusal:
            logger.warning("Image %s of %r was not normalised: %s", name, instance, "; ".join(refusal.messages))
            return
        if name is None:
            return
    ensure_renditions(name)


def set_focal_point(meta, focal):
    """Store the editor's focal point (None for the centre) and make the crops around it.

    The focal point is part of the master's name (images.specs), so crops made around it get
    names of their own: the master is copied to its new name, every field holding the image
    is pointed at it, and the old crops are deleted. The old master copy stays, for the
    revisions that may still name it; its crops are made again if one is restored.
    """
    meta.focal_x, meta.focal_y = focal if focal else (None, None)
    meta.full_clean()
    old_name = meta.name
    if meta.master is None:
        meta.save(update_fields=["focal_x", "focal_y", "updated_at"])
        return
    new_name = specs.name_with_focal(old_name, meta.focal_point)
    if new_name != old_name and not default_storage.exists(new_name):
        with default_storage.open(old_name, "rb") as handle:
            saved = default_storage.save(new_name, File(handle))
        if saved != new_name:
            default_storage.delete(saved)  # written by another request a moment ago: the same bytes
    with transaction.atomic():
        if new_name != old_name:
            ImageMeta.objects.filter(name=new_name).exclude(pk=meta.pk).delete()
            meta.name = new_name
            for field in image_fields():
                field.model._base_manager.filter(**{field.name: old_name}).update(**{field.name: new_name})
            pending.rename_hero(old_name, new_name)  # or publishing them would bring the old crops back
        meta.save(update_fields=["name", "focal_x", "focal_y", "updated_at"])
        if new_name != old_name:
            # Pages name the image by its stored name, written around save(): said here.
            changes.site_changed()
    ensure_renditions(meta.name, crops_only=True)


def names_follow_focal_points():
    """Give every image whose name does not carry its focal point yet (stored before names did) its name.

    Returns how many were renamed; rebuild_renditions runs this first.
    """
    renamed = 0
    for meta in ImageMeta.objects.exclude(focal_x=None).exclude(focal_y=None).iterator():
        if meta.master is not None and specs.name_with_focal(meta.name, meta.focal_point) != meta.name:
            set_focal_point(meta, meta.focal_point)
            renamed += 1
    return renamed
