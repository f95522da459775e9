from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "Evidence"

    def ready(self):
        from articles import pending, sanitize, seo, workflow
        from articles.models import load_with_article_page

        from . import claims, references

        # The stored references and panel come with the article in the page's one query.
        load_with_article_page("stored_references")
        # The article's structured data lists the works it cites (read from the stored references).
        seo.use_citations(references.citation_entries)
        # "[1]" in a stored body links to the first reference, and back.
        sanitize.use_body_transformer(references.link_inline_citations)
        # Published pending changes bring a new body: which references it cites, and their links back.
        pending.use_after_publish(references.store_evidence)
        # A story citing only animal or cell studies goes once its evidence panel says so, or an editor says why.
        workflow.use_publication_check(
            claims.laboratory_only_unsaid, annotate=claims.with_laboratory_facts, overridable=True
        )
        # The claims check's warnings: an edit clears them, or an editor's override reason goes past them.
        workflow.use_warning_check(claims.publication_warnings)
