"""Who may see and change which articles: editors and admins every one, writers their own.

The permissions come from the one table in articles.roles; these are the object-level rules on top.
"""

from django.db.models import Exists, OuterRef, Q

from .models import Article, ArticleAuthor, Status


def owned_q(user):
    """Articles `user` owns: created them, or is on the byline through their author profile."""
    return Q(created_by=user) | Q(Exists(ArticleAuthor.objects.filter(article=OuterRef("pk"), author__user=user)))


def is_owner(user, article):
    if article.created_by_id is not None and article.created_by_id == user.pk:
        return True
    return article.pk is not None and article.bylines.filter(author__user=user).exists()


def sees_all(user):
    """Editors and admins see and edit every article; writers only their own."""
    return user.has_perm("articles.change_any_article")


def visible_articles(user, articles=None):
    articles = Article.objects.all() if articles is None else articles
    return articles if sees_all(user) else articles.filter(owned_q(user))


def editable_articles(user, articles=None):
    """The articles whose content `user` may change, as a queryset: can_edit() for many at once."""
    articles = Article.objects.all() if articles is None else articles
    if not user.has_perm("articles.change_article"):
        return articles.none()
    if sees_all(user):
        return articles
    return articles.filter(owned_q(user), status=Status.DRAFT)


def can_edit(user, article):
    """May `user` change the article's content? Editors: any article. Writers: their own drafts."""
    if not user.has_perm("articles.change_article"):
        return False
    if sees_all(user):
        return True
    return article.status == Status.DRAFT and is_owner(user, article)
