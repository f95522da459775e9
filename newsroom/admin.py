"""The newsroom's admin as editors use it: the domain's admins with the panels of the apps built on articles.

articles/admin.py registers plain admins (the domain knows no other app); here each is registered
again with what editorial and images add to it.
"""

from django.contrib import admin

from articles.admin import ArticleAdmin, AuthorAdmin, TagAdmin
from articles.models import Article, Author, Tag
from desk.admin import AutosavePanel, CalendarPanel, install_dashboard
from editorial.admin import CorrectionsPanel, EditorPanel, PageRevisionsPanel, RevisionsPanel, TagMergePanel
from evidence.admin import EvidencePanel
from images.admin import HeroImagePanel, SafeUploadsPanel
from notifications.admin import AssignmentPanel
from pages.admin import PageAdmin
from pages.models import Page


class NewsroomArticleAdmin(ArticleAdmin):
    # After-save steps run in this order: the revision is taken last, once everything else is saved.
    panels = [
        SafeUploadsPanel, HeroImagePanel, EditorPanel, EvidencePanel, CorrectionsPanel, CalendarPanel,
        AutosavePanel, AssignmentPanel, RevisionsPanel,
    ]  # fmt: skip


class NewsroomAuthorAdmin(AuthorAdmin):
    panels = [*AuthorAdmin.panels, SafeUploadsPanel]


class NewsroomTagAdmin(TagAdmin):
    panels = [TagMergePanel]


class NewsroomPageAdmin(PageAdmin):
    # Pages are written in the articles' body editor (the model sanitizes with the articles' allowlist),
    # and each save is a revision, as for articles.
    panels = [*PageAdmin.panels, EditorPanel, PageRevisionsPanel]


for model, model_admin in [
    (Article, NewsroomArticleAdmin),
    (Author, NewsroomAuthorAdmin),
    (Tag, NewsroomTagAdmin),
    (Page, NewsroomPageAdmin),
]:
    admin.site.unregister(model)
    admin.site.register(model, model_admin)

# The admin index is the editor's desk (desk/dashboard.py); the list of models stays below its blocks.
install_dashboard(admin.site)
