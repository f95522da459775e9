"""The citation form: identifiers normalised and validated, empty fields filled by a lookup that never blocks."""

from django import forms

from . import resolvers
from .identifiers import normalise
from .models import Citation, Population, Review, StudyType

FILLED_FIELDS = ("title", "container", "year", "authors", "study_type", "review")


class CitationForm(forms.ModelForm):
    class Meta:
        model = Citation
        fields = ["position", "kind", "identifier", "title", "container", "year", "authors", "study_type", "review"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What the lookup said, for the editor: shown as a message after the save.
        self.lookup_message = ""

    def clean(self):
        data = super().clean()
        kind, raw = data.get("kind"), data.get("identifier")
        if not kind or not raw:
            return data
        try:
            data["identifier"] = normalise(kind, raw)
        except forms.ValidationError as error:
            self.add_error("identifier", error)
            return data
        if not data.get("title") and resolvers.can_resolve(kind):
            self.fill_from_lookup(data)
        return data

    def fill_from_lookup(self, data):
        """Fill the fields the editor left empty; a failed lookup leaves them for the editor to type."""
        kind, identifier = data["kind"], data["identifier"]
        service = resolvers.SERVICE_NAMES[kind]
        try:
            metadata = resolvers.resolve(kind, identifier)
        except resolvers.LookupFailed as failure:
            self.lookup_message = (
                f"{identifier}: {failure} Saved without its details: type the title and the rest by hand."
            )
            return
        for name in FILLED_FIELDS:
            value = getattr(metadata, name)
            empty = not data.get(name) or (name == "review" and data.get(name) == "unknown")
            if value and empty:
                data[name] = value
                setattr(self.instance, name, value)
        self.lookup_message = f"{identifier}: details filled in from {service}; check them."


_LABORATORY = {StudyType.ANIMAL: Population.ANIMALS, StudyType.IN_VITRO: Population.CELLS}


def prefill_summary(article):
    """Initial evidence-panel values from the first citation that says what it is (design, population, review)."""
    cited = [c for c in article.citations.all() if c.study_type]
    if not cited:
        return {}
    first = cited[0]
    populations = {_LABORATORY.get(c.study_type, Population.PEOPLE) for c in cited}
    initial = {
        "design": first.study_type,
        "population": populations.pop() if len(populations) == 1 else Population.MIXED,
    }
    if first.review != Review.UNKNOWN:
        initial["review"] = first.review
    return initial
