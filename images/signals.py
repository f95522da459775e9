"""Every saved image goes through the pipeline, whichever path saved it (admin, shell, import, demo)."""

import logging

from django.db.models.signals import post_save

logger = logging.getLogger(__name__)


def _receiver_for(field_names):
    def process_images(sender, instance, raw=False, update_fields=None, **kwargs):
        from .services import process_field

        if raw:
            return  # loading fixtures: files may not exist yet
        for field_name in field_names:
            if update_fields is not None and field_name not in update_fields:
                continue
            try:
                process_field(instance, field_name)
            except Exception:
                # A storage hiccup must not lose the editor's save; `rebuild_renditions` repairs it.
                logger.exception("Could not process %s of %r", field_name, instance)

    return process_images


def connect_image_fields():
    from .services import image_fields

    by_model = {}
    for field in image_fields():
        by_model.setdefault(field.model, []).append(field.name)
    for model, field_names in by_model.items():
        receiver = _receiver_for(field_names)
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"images-{model._meta.label}")
