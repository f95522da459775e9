"""Reader queries, parsed once into words and phrases whatever the engine.

The syntax is PostgreSQL's `websearch_to_tsquery`, which readers know from web
search engines: words (all must match), "quoted phrases", `-word` to exclude and
`or` between alternatives. Everything else (FTS operators, `*`, brackets, SQL) is
punctuation and separates words. The SQLite backend turns the result into an FTS5
expression in which every word is a quoted string, so nothing a reader types can
be read as FTS5 syntax.
"""

import re
from dataclasses import dataclass, field

from .text import clean_text

MAX_QUERY_LENGTH = 200  # characters a reader may type; longer is a 400
MAX_TERMS = 16  # words and phrases kept from one query; the rest are ignored

_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')
_WORD = re.compile(r"[^\W_]+")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})


class InvalidQuery(ValueError):
    """The query cannot be searched; the message is shown to the reader."""


@dataclass
class ParsedQuery:
    text: str = ""
    # Each group is a list of alternatives (joined by OR); groups are joined by AND.
    # An alternative is a tuple of words: one word, or a phrase.
    groups: list = field(default_factory=list)
    excluded: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.groups)


def _words(text):
    return tuple(word.lower() for word in _WORD.findall(text))


def parse_query(raw):
    """Words, phrases, exclusions and alternatives of a reader's query."""
    text = clean_text(raw).translate(_QUOTES) if raw else ""
    # Unbalanced quotes: the last one is punctuation.
    if text.count('"') % 2:
        head, _, tail = text.rpartition('"')
        text = f"{head} {tail}"
    parsed = ParsedQuery(text=text)
    pending_or = False
    kept = 0
    for match in _TOKEN.finditer(text):
        negate, phrase, bare = match.group(1), match.group(2), match.group(3)
        if phrase is None:
            if bare.lower() == "or":
                pending_or = bool(parsed.groups)
                continue
            negate = bare.startswith("-")
            words = _words(bare)
            # "heart-attack" is a phrase of two words, as in PostgreSQL.
        else:
            words = _words(phrase)
        if not words or kept >= MAX_TERMS:
            continue
        kept += 1
        if negate:
            parsed.excluded.append(words)
        elif pending_or:
            parsed.groups[-1].append(words)
        else:
            parsed.groups.append([words])
        pending_or = False
    return parsed


def _fts5_string(words):
    # Words hold letters and digits only, so a plain double-quoted string is safe.
    return '"' + " ".join(words) + '"'


def to_fts5(parsed, *, prefix=False):
    """An FTS5 MATCH expression in which every word is a quoted string.

    prefix: the last word typed also matches longer words (search as you type).
    """
    groups = []
    for position, alternatives in enumerate(parsed.groups):
        strings = [_fts5_string(words) for words in alternatives]
        if prefix and position == len(parsed.groups) - 1:
            strings[-1] += " *"
        groups.append(strings[0] if len(strings) == 1 else "(" + " OR ".join(strings) + ")")
    expression = " AND ".join(groups)
    if parsed.excluded:
        expression = f"({expression}) NOT ({' OR '.join(_fts5_string(words) for words in parsed.excluded)})"
    return expression


def to_websearch(parsed):
    """The same query for PostgreSQL's websearch_to_tsquery, rebuilt from what was parsed."""
    groups = []
    for alternatives in parsed.groups:
        groups.append(" or ".join(_fts5_string(words) for words in alternatives))
    groups.extend("-" + _fts5_string(words) for words in parsed.excluded)
    return " ".join(groups)


def _tsquery_phrase(words, *, prefix=False):
    # Words hold letters and digits only, so single quotes make each a safe tsquery lexeme.
    lexemes = [f"'{word}'" for word in words]
    if prefix:
        lexemes[-1] += ":*"
    return "(" + " <-> ".join(lexemes) + ")"


def to_prefix_tsquery(parsed):
    """The query as raw to_tsquery syntax whose last word typed also matches longer words."""
    groups = []
    for position, alternatives in enumerate(parsed.groups):
        last_group = position == len(parsed.groups) - 1
        phrases = [
            _tsquery_phrase(words, prefix=last_group and index == len(alternatives) - 1)
            for index, words in enumerate(alternatives)
        ]
        groups.append("(" + " | ".join(phrases) + ")")
    groups.extend("!" + _tsquery_phrase(words) for words in parsed.excluded)
    return " & ".join(groups)
