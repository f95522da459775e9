"""Rows the import already found or made, remembered across posts to save a few queries per post."""


class CommittedRows:
    """Lookups of sections, tags, authors and archive redirects, keyed by what identifies them.

    What a post finds or creates is noted as pending and becomes known only once that
    post's transaction has committed: a rolled-back post must not leave a remembered
    row that does not exist.
    """

    def __init__(self):
        self._known = {}
        self._pending = {}

    def get(self, key):
        return self._known.get(key)

    def __contains__(self, key):
        return key in self._known

    def note(self, key, value=True):
        self._pending[key] = value

    def start_post(self):
        self._pending = {}

    def commit_post(self):
        self._known.update(self._pending)
        self._pending = {}
