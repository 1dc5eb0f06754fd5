"""How messages put names into sentences: the article in front of a name, and the names a mistyped
key most likely meant (docs/rules.md#errors-and-atomicity)."""
from __future__ import absolute_import

import difflib

# Words that start with a vowel letter but a consonant sound ("a unit", "a user", "a one-shot").
_CONSONANT_SOUNDS = ("uni", "use", "usu", "eu", "one")
SUGGESTION_LIMIT = 4
SUGGESTION_CUTOFF = 0.75  # difflib ratio below which a name is not "close"
CONTAINMENT_MIN = 3       # a given key shorter than this is never matched by containment


def with_article(noun):
    """The noun with 'a' or 'an' in front, chosen by its first sound.

    Args:
        noun: a label such as 'inventory operation', 'unit of measure' or 'UNCONSUME'.

    Returns:
        str: e.g. 'an inventory operation', 'a unit of measure', 'an UNCONSUME'.
    """
    text = "%s" % noun
    lower = text.lower()
    vowel = lower[:1] in ("a", "e", "i", "o", "u") and not lower.startswith(_CONSONANT_SOUNDS)
    return ("an " if vowel else "a ") + text


def close_names(given, known):
    """The known names a mistyped one most likely meant, best first (at most SUGGESTION_LIMIT).

    Two rules, case-insensitive: a known name containing the given one, or contained in it
    ('location' -> 'sourceLocationPath'), both at least CONTAINMENT_MIN characters; and
    difflib's close matches ('matrialId' -> 'materialId'). Ranked by difflib's similarity.

    Args:
        given: the key the caller wrote.
        known: the names the object or request takes.

    Returns:
        list of str (empty when nothing is close).
    """
    typed = ("%s" % given).lower()
    by_lower = dict((name.lower(), name) for name in known)
    found = set(difflib.get_close_matches(typed, list(by_lower), SUGGESTION_LIMIT, SUGGESTION_CUTOFF))
    for lower in by_lower:
        shorter = min(len(typed), len(lower))
        if shorter >= CONTAINMENT_MIN and (typed in lower or lower in typed):
            found.add(lower)

    def rank(lower):
        return (-difflib.SequenceMatcher(None, typed, lower).ratio(), lower)
    return [by_lower[lower] for lower in sorted(found, key=rank)[:SUGGESTION_LIMIT]]


def did_you_mean(given, known):
    """'; did you mean a or b?' for the close names of `given`, '' when none is close."""
    names = close_names(given, known)
    if not names:
        return ""
    quoted = ["'%s'" % name for name in names]
    choice = quoted[0] if len(quoted) == 1 else "%s or %s" % (", ".join(quoted[:-1]), quoted[-1])
    return "; did you mean %s?" % choice
