"""Checks an editor may take a story past by saying why it is fine: the reason and the words go into its history.

Two kinds come from other apps, registered from their ready(): refusals that an editor may override
(`articles.workflow.use_publication_check(..., overridable=True)`; evidence: a story citing only animal or
cell studies whose panel does not say so), and warnings that approving, scheduling and publishing need a
reason to go past (`use_warning_check`; evidence: the claims check). A warning is resolved by an edit, or
overridden with a reason that the Transition keeps with the warnings it overrode. Writers cannot override:
their refusals stay refusals.
"""

PERMISSION = "articles.review_article"
WARNED_ACTIONS = ("approve", "schedule", "publish")

_overridable_checks = []
_warning_checks = []


def use_overridable_check(check):
    if check not in _overridable_checks:
        _overridable_checks.append(check)


def use_warning_check(check):
    """`check(article)`: warnings, in words, that an editor resolves by an edit or overrides with a reason."""
    if check not in _warning_checks:
        _warning_checks.append(check)


def needing_reason(article, action, by):
    """What `by` may take the named action past only with a reason, in words (empty: nothing, or not theirs)."""
    if not by.has_perm(PERMISSION):
        return []
    found = [words for check in _overridable_checks for words in check(article)]
    if action in WARNED_ACTIONS:
        found += [words for check in _warning_checks for words in check(article)]
    return found


def refusal(action, title, warned, reason):
    """The sentence refusing the action when warnings need a reason and none was given, else ""."""
    if not warned or reason:
        return ""
    listed = "; ".join(words.rstrip(".") for words in warned)
    return (
        f'Cannot {action} "{title}" without a reason. Needs a reason: {listed}. '
        "Edit the story, or say in the override reason why it is fine as it is."
    )
