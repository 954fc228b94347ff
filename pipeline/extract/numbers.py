"""Number parsing: Arabic (with separators), Chinese numerals, 万/亿 scales, English words.

All functions take already folded text (full-width digits made ASCII, see lexicon.fold).
"""

from __future__ import annotations

import re

from pipeline.extract.lexicon import fold

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}  # fmt: skip
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_SCALES = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS)

EN_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "a hundred": 100, "a dozen": 12, "dozen": 12, "half": 0.5,
    "a thousand": 1000,
}  # fmt: skip
EN_SCALES = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9}
EN_FRACTIONS = {"half": 50.0, "one-third": 33.3, "one third": 33.3, "a third": 33.3,
                "a quarter": 25.0, "one-quarter": 25.0, "one quarter": 25.0,
                "two-thirds": 66.7, "two thirds": 66.7}  # fmt: skip

ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ARABIC_RE = re.compile(rf"^(?:{ARABIC})$")
_EN_DIGIT_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_NOT_ALONE = ("half", "hundred", "dozen")
# Spelled English numbers a release counts with: "twenty-five", "a dozen", "two hundred", "five".
# "half" is a fraction, never a count; a bare "hundred" / "dozen" ("a few hundred yuan",
# "several dozen suspects") is no count either: only "a", "one" ... "nine" before it make one.
EN_WORD_NUMBER = (
    rf"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-{_EN_DIGIT_WORDS}|"
    rf"{_EN_DIGIT_WORDS} (?:hundred|dozen)|"
    + "|".join(
        sorted((re.escape(w) for w in EN_WORDS if w not in _NOT_ALONE), key=len, reverse=True)
    )
)
# Machine-converted reprints insert pinyin glosses inside numbers: 40.3萬(wàn)人.
GLOSS = r"(?:\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\))?"


def parse_arabic(token: str) -> float | None:
    """`"129,000"` -> 129000.0; None when the grouping is impossible (MT damage like "55,1002")."""
    token = token.strip()
    if not _ARABIC_RE.match(token):
        return None
    return float(token.replace(",", ""))


def parse_chinese_numeral(token: str) -> float | None:
    """`"三十六"` -> 36, `"十二万"` -> 120000, `"两千"` -> 2000; None if not a numeral."""
    if not token or any(ch not in CN_DIGITS and ch not in CN_UNITS and ch not in CN_SCALES
                        for ch in token):  # fmt: skip
        return None
    total = 0.0
    section = 0.0
    digit: float | None = None
    for ch in token:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            section += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
        else:
            section += digit or 0
            total += (section or 1) * CN_SCALES[ch]
            section, digit = 0.0, None
    return total + section + (digit or 0)


def parse_decimal_numeral(token: str) -> float | None:
    """`"十二点五"` -> 12.5 (点 then digit by digit), `"百"` -> 100, `"12.5"` -> 12.5."""
    whole, _, decimals = token.partition("点")
    value = parse_number(whole)
    if value is None or not decimals:
        return value
    if any(ch not in CN_DIGITS for ch in decimals):
        return None
    return round(value + float("0." + "".join(str(CN_DIGITS[ch]) for ch in decimals)), 6)


def parse_number(token: str) -> float | None:
    """An Arabic or Chinese-numeral number (no scale word)."""
    value = parse_arabic(token)
    return value if value is not None else parse_chinese_numeral(token)


def scale_zh(value: float, scale: str | None) -> float:
    """Applies 万/亿 (also 千万, 百万, 万亿) to `value`: 4.2, "万" -> 42000."""
    for ch in scale or "":
        value *= CN_SCALES.get(ch, CN_UNITS.get(ch, 1))
    return round(value, 6)


def parse_english(token: str, scale: str | None = None) -> float | None:
    """`"1.2"`, `"million"` -> 1200000; `"five"` -> 5; `"a dozen"` -> 12."""
    lowered = token.lower().strip()
    value = parse_arabic(lowered)
    if value is None:
        value = _parse_english_words(lowered)
    if value is None:
        return None
    if scale:
        value *= EN_SCALES.get(scale.lower(), 1)
    return round(value, 6)


def _parse_english_words(text: str) -> float | None:
    if text in EN_WORDS:
        return float(EN_WORDS[text])
    parts = re.split(r"[\s-]+", text)
    if len(parts) == 2 and parts[0] in EN_WORDS and parts[1] in EN_WORDS:
        tens, ones = EN_WORDS[parts[0]], EN_WORDS[parts[1]]
        if tens >= 20 and ones < 10:
            return float(tens + ones)
        if ones in (100, 12) and tens < 10:  # "two hundred", "three dozen"
            return float(tens * ones)
    return None


_ZH_VALUE = re.compile(
    rf"(?P<num>{ARABIC}|[{CN_NUMERAL_CHARS}]+)(?:余|多)?(?P<scale>千万|百万|万亿|万|亿)?"
)
_EN_VALUE = re.compile(
    rf"(?<![\w.,])(?P<num>{ARABIC}|{EN_WORD_NUMBER})(?![\w-]|,\d|\.\d)"
    rf"(?:\s*(?P<scale>{'|'.join(EN_SCALES)})\b)?"
)


def parse_value(text: str, lang: str) -> float | None:
    """The normalised value of a figure's text as the extractor reports it: the first number
    in it with its scale (full-width digits, 萬/億 and pinyin glosses allowed), or the middle of
    a range (3000至5000人, "between 3,000 and 5,000 people", see pipeline.extract.ranges).

    >>> parse_value("4.2万余人", "zh"), parse_value("more than 1.2 million people", "en")
    (42000.0, 1200000.0)
    >>> parse_value("2至3万人", "zh")
    25000.0
    """
    text = fold(text)
    if lang.startswith("zh"):
        text = re.sub(GLOSS[3:-2], "", text) if "(" in text else text
        first = _ZH_VALUE.search(text)
        if first is None:
            return None
        value = parse_number(first.group("num"))
        if value is None:
            return None
        second = _range_end(_ZH_VALUE, text, first.end())
        if second is not None and (upper := parse_number(second.group("num"))) is not None:
            scale = first.group("scale") or second.group("scale")  # 2至3万: both in 万
            low, high = scale_zh(value, scale), scale_zh(upper, second.group("scale"))
            return (low + high) / 2 if low < high else scale_zh(value, first.group("scale"))
        return scale_zh(value, first.group("scale"))
    lowered = text.lower()
    first = _EN_VALUE.search(lowered)
    if first is None:
        return None
    value = parse_english(first.group("num"), first.group("scale"))
    second = _range_end(_EN_VALUE, lowered, first.end())
    if value is not None and second is not None:
        upper = parse_english(second.group("num"), second.group("scale"))
        if upper is not None and value < upper:
            return (value + upper) / 2
    return value


_RANGE_LINK = re.compile(r"\s*(?:至|到|-|—|－|~|～| to | and )\s*")


def _range_end(pattern: re.Pattern[str], text: str, pos: int) -> re.Match[str] | None:
    """The number right after a range connector at `pos`, if there is one."""
    link = _RANGE_LINK.match(text, pos)
    return pattern.match(text, link.end()) if link else None
