"""A seeded text generator for `manage.py generate_articles` (benchmarks); its word lists are in bench/data/.

The vocabulary is medical on purpose: search must have real work to do (stemming,
common and rare words, multi-word queries), and related stories need a realistic tag
distribution. Everything here is pure functions of a `random.Random` over those lists,
so one seed always gives the same archive; nothing touches the database.

Tags follow a long tail: tag_names() gives about 500 names, most frequent first, and an
article draws its tags with Zipf weights (rank ** -TAG_ZIPF_EXPONENT), so "COVID-19"
lands on a large share of articles and most tags on a handful.
"""

import json
import random
import string
from dataclasses import dataclass
from datetime import timedelta
from html import escape
from pathlib import Path

from django.utils.text import slugify

DATA = Path(__file__).resolve().parent / "data"


def words(name):
    """The lines of bench/data/<name>.txt, in file order (the order is part of what a seed reproduces)."""
    text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line]


def records(name):
    """The objects of bench/data/<name>.json."""
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


# Sections ({name, slug, description, weight}: the weight is the section's share of the
# archive) and authors ({name, credentials, job_title, weight}: prolific staff writers weigh more).
SECTIONS = records("sections")
AUTHORS = records("authors")

CONDITIONS = words("conditions")
DRUGS = words("drugs")
TOPICS = words("topics")
POPULATIONS = words("populations")
INSTITUTIONS = words("institutions")
JOURNALS = words("journals")
OUTCOMES = words("outcomes")
STUDY_TYPES = words("study_types")
FINDINGS = words("findings")
EXPERTS = words("experts")
CAVEATS = words("caveats")
SIDE_EFFECTS = words("side_effects")
ADVICE = words("advice")
# Templates: {slot} names are drawn by SLOTS below.
SENTENCES = words("sentences")
SUBHEADS = words("subheads")
TITLES = words("titles")
DEKS = words("deks")
# The head of the tag distribution, most frequent first.
HEAD_TAGS = words("head_tags")

TAG_ZIPF_EXPONENT = 1.05
TAG_COUNT = 500


def _title_case(text):
    return text[:1].upper() + text[1:]


def tag_names(count=TAG_COUNT):
    """`count` distinct tag names, most frequent first: the head, then a fixed shuffle of the rest.

    The order does not depend on the command's --seed, so a tag's rank (and so its
    share of articles) is the same in every generated archive.
    """
    names, seen = [], set()

    def add(name):
        key = slugify(name)
        if key and key not in seen:
            seen.add(key)
            names.append(name)

    for name in HEAD_TAGS:
        add(name)
    pool = [_title_case(name) for name in CONDITIONS + DRUGS] + TOPICS + [_title_case(p) for p in POPULATIONS]
    qualifiers = ["screening", "in children", "research", "treatment", "prevention", "guidelines", "diagnosis"]
    pool += [f"{_title_case(condition)} {qualifier}" for condition in CONDITIONS for qualifier in qualifiers]
    random.Random(20_240_501).shuffle(pool)
    for name in pool:
        if len(names) >= count:
            break
        add(name)
    return names[:count]


def zipf_cum_weights(count, exponent=TAG_ZIPF_EXPONENT):
    """Cumulative Zipf weights for ranks 1..count, for random.choices(cum_weights=...)."""
    total, cumulative = 0.0, []
    for rank in range(1, count + 1):
        total += rank**-exponent
        cumulative.append(total)
    return cumulative


# --- Sentence slots -------------------------------------------------------------------


def _choice(words):
    return lambda rng, subject: rng.choice(words)


def _capital(words):
    return lambda rng, subject: _title_case(rng.choice(words))


def _lower(word):
    return word if word.isupper() else word.lower()  # "FDA" stays "FDA"


def _condition(rng, subject):
    # Most sentences keep to the article's subject, so its words dominate the story.
    return subject if rng.random() < 0.6 else rng.choice(CONDITIONS)


SLOTS = {
    "condition": _condition,
    "Condition": lambda rng, subject: _title_case(_condition(rng, subject)),
    "drug": _choice(DRUGS),
    "Drug": _capital(DRUGS),
    "population": _choice(POPULATIONS),
    "institution": _choice(INSTITUTIONS),
    "Institution_cap": _capital(INSTITUTIONS),
    "journal": _choice(JOURNALS),
    "outcome": _choice(OUTCOMES),
    "study": _choice(STUDY_TYPES),
    "Study": _capital(STUDY_TYPES),
    "finding": _choice(FINDINGS),
    "expert": _choice(EXPERTS),
    "Expert_cap": _capital(EXPERTS),
    "caveat": _choice(CAVEATS),
    "side": _choice(SIDE_EFFECTS),
    "side2": _choice(SIDE_EFFECTS),
    "topic_l": lambda rng, subject: _lower(rng.choice(TOPICS)),
    "Topic": _choice(TOPICS),
    "Advice": _choice(ADVICE),
    "n": lambda rng, subject: f"{rng.choice([120, 340, 800, 1200, 2500, 4800, 12000, 36000, 250000]):,}",
    "months": _choice([3, 6, 9, 12, 18, 24, 36]),
    "weeks": _choice([2, 4, 6, 8, 12]),
    "pct": lambda rng, subject: rng.randint(5, 45),
    "pct2": lambda rng, subject: rng.randint(0, 12),
    "small": _choice(["0.5", "1", "2", "3", "4"]),
    "millions": _choice([2, 5, 12, 40, 55, 120, 400]),
    "moved": _choice(["fell", "dropped", "improved", "changed"]),
    "period": _choice(["day", "week", "month"]),
}

_FIELDS = {}


def _fields(template):
    """The slot names a template uses, parsed once."""
    if template not in _FIELDS:
        _FIELDS[template] = sorted({name for _, name, _, _ in string.Formatter().parse(template) if name})
    return _FIELDS[template]


# --- Articles -----------------------------------------------------------------------


@dataclass
class ArticleSpec:
    """One generated article, before it becomes database rows."""

    title: str
    slug: str
    dek: str
    body: str
    section_index: int
    author_indexes: list
    tag_indexes: list
    published_at: object
    source_name: str
    original_reporting: bool
    reviewer_index: int | None = None
    reviewed_after_days: int = 0


class ArticleGenerator:
    """Seeded article specs: same seed, same sequence of articles."""

    def __init__(
        self, seed, *, tag_count, section_weights, author_weights, reviewer_indexes, until, years=8, count=None
    ):
        """`count`: how many articles will be asked for. Given, their dates are drawn first and handed out
        oldest first, so the rows lie on disk in publication order, as a newsroom's archive grows."""
        self.rng = random.Random(seed)
        self.tag_count = tag_count
        self.tag_cum_weights = zipf_cum_weights(tag_count)
        self.tag_ranks = range(tag_count)
        self.section_cum = _cumulative(section_weights)
        self.author_cum = _cumulative(author_weights)
        self.reviewer_indexes = list(reviewer_indexes)
        self.until = until
        self.span_seconds = int(years * 365.25 * 86400)
        self.used_slugs = set()
        self._dates = None
        if count is not None:
            dates = random.Random(f"{seed}:dates")
            self._dates = iter(sorted(self._draw_published_at(dates) for _ in range(count)))

    def _sentence(self, template, subject):
        """`template` with each of its slots drawn afresh (so a paragraph does not repeat one drug)."""
        return template.format(**{name: SLOTS[name](self.rng, subject) for name in _fields(template)})

    def _body(self, subject):
        r = self.rng
        paragraphs = []
        for index in range(r.randint(4, 9)):
            if index and r.random() < 0.15:
                paragraphs.append(f"<h2>{escape(r.choice(SUBHEADS), quote=False)}</h2>")
            sentences = [self._sentence(r.choice(SENTENCES), subject) for _ in range(r.randint(2, 6))]
            paragraphs.append(f"<p>{escape(' '.join(sentences), quote=False)}</p>")
        return "\n".join(paragraphs)

    def _tags(self):
        r = self.rng
        wanted = r.choice([1, 2, 2, 3, 3, 3, 4, 4, 5, 6])
        chosen = []
        for _ in range(wanted * 3):
            index = r.choices(self.tag_ranks, cum_weights=self.tag_cum_weights)[0]
            if index not in chosen:
                chosen.append(index)
                if len(chosen) == wanted:
                    break
        return chosen

    def _slug(self, title):
        base = slugify(title)[:80].strip("-") or "story"
        while True:
            slug = f"{base}-{self.rng.getrandbits(40):010x}"
            if slug not in self.used_slugs:
                self.used_slugs.add(slug)
                return slug

    def _draw_published_at(self, rng):
        # Denser towards today, as an archive that grows: age = span * u^1.6.
        age = int(self.span_seconds * rng.random() ** 1.6)
        return self.until - timedelta(seconds=age)

    def _published_at(self):
        if self._dates is None:
            return self._draw_published_at(self.rng)
        published_at = next(self._dates, None)
        if published_at is None:
            raise ValueError("more articles asked for than the count given")
        return published_at

    def article(self):
        r = self.rng
        subject = r.choice(CONDITIONS)
        title = _title_case(self._sentence(r.choice(TITLES), subject))
        authors = []
        for _ in range(r.choice([1, 1, 1, 1, 2, 2, 3])):
            index = r.choices(range(len(self.author_cum)), cum_weights=self.author_cum)[0]
            if index not in authors:
                authors.append(index)
        reviewer = r.choice(self.reviewer_indexes) if self.reviewer_indexes and r.random() < 0.4 else None
        original = r.random() < 0.15
        return ArticleSpec(
            title=title[:250],
            slug=self._slug(title),
            dek=_title_case(self._sentence(r.choice(DEKS), subject)),
            body=self._body(subject),
            section_index=r.choices(range(len(self.section_cum)), cum_weights=self.section_cum)[0],
            author_indexes=authors,
            tag_indexes=self._tags(),
            published_at=self._published_at(),
            source_name="" if original else r.choice(JOURNALS),
            original_reporting=original,
            reviewer_index=reviewer,
            reviewed_after_days=r.randint(0, 30),
        )


def _cumulative(weights):
    total, cumulative = 0, []
    for weight in weights:
        total += weight
        cumulative.append(total)
    return cumulative
