"""Small numbers in words, as Swedish (and English) prose writes them: "fyra konferenser"."""

from __future__ import annotations

from flask_babel import get_locale

# Swedish style (Språkrådet): numbers up to twelve are written in words in running text.
WORDS = {
    "sv": (
        "noll",
        "en",
        "två",
        "tre",
        "fyra",
        "fem",
        "sex",
        "sju",
        "åtta",
        "nio",
        "tio",
        "elva",
        "tolv",
    ),
    "en": (
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
    ),
}


def number_words(n: int, capitalise: bool = False) -> str:
    """`n` in words in the current language when 0–12, otherwise in digits."""
    language = str(get_locale() or "sv").split("_")[0]
    words = WORDS.get(language, WORDS["en"])
    text = words[n] if 0 <= n < len(words) else str(n)
    return text[:1].upper() + text[1:] if capitalise else text
