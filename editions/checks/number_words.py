"""Numbers a translation writes as words: "deux", "zwei", "два", "dos", the Arabic dual.

The ``numbers`` check asks here only once a source's number is missing as digits. The words
come from num2words (cardinal, ordinal, and the genders and cases a language's converter
takes), per number and language, cached; a language num2words does not know has no words,
so the check says what it said before. Only small numbers are looked for (below 1,000, or a
factor below 1,000 of a thousand, million, billion or trillion): what prose says in words.
The number 1 is not: in many languages its word is the indefinite article ("un", "um",
"uno"), which nearly every sentence holds.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

#: The powers of ten a source may write in words after its digits ("2 million").
SCALES = (2, 3, 6, 9, 12)
#: Groups of three zeros a number may end with and still be looked for in words.
MAX_GROUPS = 4
# num2words' converters are shared objects and the Arabic one keeps its number in an
# attribute while it works: one call at a time (each result is cached).
_LOCK = threading.Lock()
# What num2words may be asked for beyond the plain cardinal: the genders and cases some
# converters take (Ukrainian, Russian); a converter that takes none raises and is skipped.
_VARIANTS: tuple[tuple[str, dict[str, str]], ...] = (
    ("cardinal", {}), ("ordinal", {}),
    *(("cardinal", {"gender": gender}) for gender in ("feminine", "neuter", "f", "n")),
    *(("cardinal", {"case": case}) for case in (
        "genitive", "dative", "accusative", "instrumental", "locative")),
    *(("cardinal", {"case": case}) for case in ("g", "d", "a", "i", "p")),
)
_WORD = re.compile(r"[^\W\d_]+")
# Arabic: a word's attached conjunction (و ف), preposition (ب ل ك) and article (ال), and
# the article after ل written لل.
_ARABIC_PREFIX = re.compile(r"^(?:[وف])?(?:[بلك])?(?:ال)?")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ـ": None})


def _words(text: str, arabic: bool) -> list[str]:
    """The text's words, case, accents and Arabic's short vowels left out ("Millionen" is
    "millionen", "مليوناً" "مليونا"); in Arabic one spelling of the hamza and of مائة."""
    if arabic:
        text = text.replace("مائ", "مئ")
    folded = "".join(char for char in unicodedata.normalize("NFKD", text.casefold())
                     if not unicodedata.combining(char))
    if arabic:
        folded = folded.translate(_ARABIC_LETTERS)
    words = _WORD.findall(folded)
    # Arabic writes "و" (and) on the next word; num2words writes it apart ("سبعة و سبعون").
    return [word for word in words if word != "و"] if arabic else words


@lru_cache(maxsize=4096)
def _library_forms(value: int, language: str) -> tuple[str, ...]:
    """Everything num2words writes for ``value`` in ``language``; nothing where it cannot."""
    from num2words import num2words  # only once a number is missing: 20 ms saved otherwise

    forms: dict[str, None] = {}
    for to, options in _VARIANTS:
        try:
            with _LOCK:
                written = num2words(value, lang=language, to=to, **options)
        except Exception:  # an unknown language, gender or case, a number too big: no words
            continue
        if isinstance(written, str) and written.strip():
            forms[written] = None
    return tuple(forms)


def _arabic_duals(word: str) -> set[str]:
    """A noun's dual: nominative ـان, oblique ـين, and in construct without the ن (ـا, ـي);
    a ة becomes ت before them (مئة → مئتان)."""
    stem = word[:-1] + "ت" if word.endswith("ة") else word
    return {stem + ending for ending in ("ان", "ين", "ا", "ي")}


def _arabic_cased(word: str) -> set[str]:
    """A numeral in the nominative num2words gives, in the oblique case too: the dual ـان
    as ـين (اثنان, اثنين), the tens' ـون as ـين (سبعون, سبعين)."""
    for nominative in ("ان", "ون"):
        if word.endswith(nominative) and len(word) > 3:
            return {word, word[:-2] + "ين"}
    return {word}


@lru_cache(maxsize=4096)
def number_phrases(value: int, language: str) -> tuple[tuple[frozenset[str], ...], ...]:
    """The ways ``language`` writes ``value`` in words, each a run of words, each word the
    spellings it may take: what a translation holding one of them keeps."""
    arabic = language.split("_")[0] == "ar"
    # num2words writes 2 × 10ⁿ in Arabic as a dual alone (مليونا): looked for as a dual.
    duals = arabic_dual_units(value) if arabic else frozenset()
    phrases: set[tuple[frozenset[str], ...]] = set()
    for form in _library_forms(value, language):
        words = _words(form, arabic)
        if words and not (len(words) == 1 and words[0] in duals):
            phrases.add(tuple(frozenset(_arabic_cased(word) if arabic else {word})
                              for word in words))
    if arabic and value == 2:
        # The feminine of اثنان puts ت before the ending: اثنتان, اثنتين.
        for word in _words(" ".join(_library_forms(2, language)), arabic=True):
            if word.endswith("ان"):
                phrases.add((frozenset(_arabic_cased(word[:-2] + "تان")),))
    return tuple(phrases)


@lru_cache(maxsize=256)
def arabic_dual_units(value: int) -> frozenset[str]:
    """The duals standing alone for 2 × a unit (مليونا, مليونان, مليونين: "2 million"), from
    num2words' word for the unit (10², 10³, 10⁶ …)."""
    for exponent in SCALES:
        if value == 2 * 10**exponent:
            units = [words[-1] for form in _library_forms(10**exponent, "ar")
                     if (words := _words(form, arabic=True))]
            return frozenset(dual for unit in units[:1] for dual in _arabic_duals(unit))
    return frozenset()


@lru_cache(maxsize=1)
def arabic_number_words() -> frozenset[str]:
    """Every word num2words writes for 1 to 99 in Arabic: before one of them a word like
    مليونا is a counted singular (أحد عشر مليونا, eleven million), not a dual."""
    return frozenset(spelling for value in range(1, 100)
                     for form in _library_forms(value, "ar")
                     for word in _words(form, arabic=True) for spelling in _arabic_cased(word))


def looked_for(value: int) -> bool:
    """Whether prose may say ``value`` in words: below 1,000 (but not 1), or such a factor
    of a thousand, million, billion, trillion ("tres mil", "deux millions")."""
    groups = 0
    while value and value % 1000 == 0 and groups < MAX_GROUPS + 1:
        value //= 1000
        groups += 1
    return value < 1000 and groups <= MAX_GROUPS and (value, groups) != (1, 0)


@lru_cache(maxsize=64)
def _scale_words(language: str) -> dict[str, int]:
    """The source language's words for hundred, thousand, million … (singular and plural,
    as num2words ends 10ⁿ and 2 × 10ⁿ), each with its power of ten."""
    scales: dict[str, int] = {}
    for exponent in SCALES:
        for value in (10**exponent, 2 * 10**exponent):
            for form in _library_forms(value, language):
                words = _words(form, arabic=False)
                if words:
                    scales.setdefault(words[-1], exponent)
    return scales


@lru_cache(maxsize=4096)
def source_values(number: str, source: str, source_language: str) -> tuple[int, ...]:
    """What a number of the source counts, to look for in words: the number, and the number
    times the unit a word after it names ("2 million": 2 and 2,000,000)."""
    if not number.isdigit():
        return ()
    values = [int(number)]
    scales = _scale_words(source_language)
    if scales:
        for match in re.finditer(rf"(?<![\d.,]){number}\s+([^\W\d_]+)", source):
            exponent = scales.get(match.group(1).casefold())
            if exponent is not None:
                values.append(int(number) * 10**exponent)
    return tuple(dict.fromkeys(value for value in values if looked_for(value)))


def _arabic_tokens(words: list[str]) -> list[frozenset[str]]:
    """Each Arabic word with its attached prefixes taken off, one by one (والمليونين:
    مليونين)."""
    tokens = []
    for word in words:
        prefix = _ARABIC_PREFIX.match(word).group()
        spellings = {word}
        for cut in range(1, len(prefix) + 1):
            if len(word) - cut >= 2:
                spellings.add(word[cut:])
        if word.startswith("لل") and len(word) > 4:
            spellings.add(word[2:])  # ل + ال, its alif dropped
        tokens.append(frozenset(spellings))
    return tokens


def _holds(tokens: list[frozenset[str]], words: list[str],
           phrase: tuple[frozenset[str], ...]) -> bool:
    """Whether the phrase's words follow one another among the tokens, or its words joined
    are words of the text joined ("zweitausend" and "zwei tausend", "yetmişyedi" and
    "yetmiş yedi")."""
    size = len(phrase)
    for start in range(len(tokens) - size + 1):
        if all(tokens[start + offset] & word for offset, word in enumerate(phrase)):
            return True
    if not all(len(word) == 1 for word in phrase):
        return False
    joined = "".join(next(iter(word)) for word in phrase)
    for start in range(len(words)):
        run = ""
        for word in words[start:]:
            run += word
            if len(run) >= len(joined):
                break
        if run == joined:
            return True
    return False


def said_in_words(number: str, source: str, translation: str, language: str,
                  source_language: str = "en") -> bool:
    """Whether ``translation`` writes the source's ``number`` in words of ``language``:
    "deux" for 2, "dos millones" or مليونان for the 2 of "2 million"."""
    values = source_values(number, source, source_language)
    if not values:
        return False
    language = language.replace("-", "_")
    arabic = language.split("_")[0].lower() == "ar"
    words = _words(translation, arabic)
    if not words:
        return False
    tokens = _arabic_tokens(words) if arabic else [frozenset((word,)) for word in words]
    for value in values:
        if any(_holds(tokens, words, phrase) for phrase in number_phrases(value, language)):
            return True
        duals = arabic_dual_units(value) if arabic else frozenset()
        if duals and any(token & duals and not (
                index and tokens[index - 1] & arabic_number_words())
                for index, token in enumerate(tokens)):
            return True
    return False
