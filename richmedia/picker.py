"""The body editor's image picker: choose a library picture (search, thumbnails, pages) or upload one.

The editor's Figure dialog opens the picker in a window with `?CKEditorFuncNum=<n>` (the
convention django-prose-editor follows); choosing a picture hands its address, alt text and
caption back to the dialog (static richmedia/picker.js), which inserts a figure. Uploads go
through the images pipeline (images.forms.SafeImageField) and are handed back at once.
"""

import re

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from images.delivery import thumbnail_rendition
from images.models import BodyImage

from .forms import PickerSearchForm, PickerUploadForm

PAGE_SIZE = 24
CALLBACK_NUMBER = re.compile(r"-?[0-9]{1,9}")
# The picture just uploaded, to hand back at once: a plain id (ASCII digits, within a bigint).
INSERTED_IMAGE = re.compile(r"[0-9]{1,18}")


def _callback_number(request):
    """The editor's callback number (it is handed back to the opener's function table): an integer only."""
    number = request.GET.get("CKEditorFuncNum", "")
    return number if CALLBACK_NUMBER.fullmatch(number) else None


def picker_items(images):
    """What the template shows and hands back for each picture, worked out without opening a file."""
    items = []
    for image in images:
        thumbnail = thumbnail_rendition(image.file)
        items.append(
            {
                "image": image,
                "url": image.file.url,
                "thumbnail": thumbnail,
                "caption": " ".join(part for part in (image.caption, image.credit) if part),
            }
        )
    return items


@method_decorator(staff_member_required, name="dispatch")
class ImagePickerView(PermissionRequiredMixin, TemplateView):
    template_name = "richmedia/picker.html"
    permission_required = ("articles.change_article", "images.view_bodyimage")
    raise_exception = True

    def dispatch(self, request, *args, **kwargs):
        # Rights first: someone without them learns nothing about what the picker accepts.
        if not self.has_permission():
            return self.handle_no_permission()
        self.callback = _callback_number(request)
        if self.callback is None:
            return HttpResponseBadRequest("Open the picker from the body editor's figure dialog.")
        insert = request.GET.get("insert", "")
        if insert and not INSERTED_IMAGE.fullmatch(insert):
            return HttpResponseBadRequest("insert= names a picture by its number, e.g. insert=12.")
        self.insert = int(insert) if insert else None
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        search = PickerSearchForm(self.request.GET)
        query = search.cleaned_data["q"].strip() if search.is_valid() else ""
        # Writers see their own pictures and those of stories they may edit (images owns the rule).
        images = BodyImage.objects.visible_to(self.request.user).only(
            "id", "file", "alt", "caption", "credit", "created_at"
        )
        if query:
            images = images.filter(Q(alt__icontains=query) | Q(caption__icontains=query) | Q(credit__icontains=query))
        page = Paginator(images, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            search=search,
            query=query,
            page=page,
            items=picker_items(page.object_list),
            callback=self.callback,
            upload_form=kwargs.pop("upload_form", None) or PickerUploadForm(),
            can_upload=self.request.user.has_perm("images.add_bodyimage"),
            insert=self.insert,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        """An upload: stored through the pipeline, then handed back to the editor at once."""
        if not request.user.has_perm("images.add_bodyimage"):
            return self.handle_no_permission()
        form = PickerUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(upload_form=form), status=400)
        image = form.save(commit=False)
        image.uploaded_by = request.user
        image.save()
        messages.success(request, f"“{image.alt}” was added to the library.")
        return redirect(f"{reverse('richmedia:image_picker')}?CKEditorFuncNum={self.callback}&insert={image.pk}")
