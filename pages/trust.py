"""The site's NewsMediaOrganization in structured data, naming its published policies.

The Trust Project's schema.org properties point at the standing pages. The node is printed
in the footer of every page from the same list of published pages as the footer's links, so
it costs no query of its own; articles name it as publisher by its @id (articles.seo.publisher()).
"""

from articles import seo

from .models import PageKind

# Which page answers each Trust Project property (https://schema.org/NewsMediaOrganization).
TRUST_PROPERTIES = {
    "publishingPrinciples": PageKind.EDITORIAL_POLICY,
    "ethicsPolicy": PageKind.EDITORIAL_POLICY,
    "correctionsPolicy": PageKind.CORRECTIONS_POLICY,
    "verificationFactCheckingPolicy": PageKind.MEDICAL_REVIEW_POLICY,
    "masthead": PageKind.ABOUT,
    "ownershipFundingInfo": PageKind.ABOUT,
    "actionableFeedbackPolicy": PageKind.CONTACT,
}


def organization(published_pages):
    """The NewsMediaOrganization node, with a property for each policy among `published_pages`."""
    by_kind = {page.kind: page for page in published_pages}
    node = {"@context": "https://schema.org", **seo.publisher(), "@type": "NewsMediaOrganization"}
    for name, kind in TRUST_PROPERTIES.items():
        if kind in by_kind:
            node[name] = seo.absolute(by_kind[kind].get_absolute_url())
    return node
