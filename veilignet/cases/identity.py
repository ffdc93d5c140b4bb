"""Pure helpers for identifying persons: BSN check and name folding. No Django."""

import unicodedata


def fold(text: str) -> str:
    """Lower case without accents or surrounding space: 'Özdemir ' -> 'ozdemir'."""
    return unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower().strip()


def name_keys(first_name: str, last_name: str) -> tuple[str, str, str]:
    """(first, last, surname) search keys; bulk inserts that bypass Person.save() must set them."""
    last = fold(last_name)
    words = last.replace("-", " ").split()
    return fold(first_name), last, words[-1] if words else ""


def bsn_is_valid(bsn: str) -> bool:
    """The elfproef for a burgerservicenummer: 9 digits, sum(d_i * w_i) with weights 9..2 and -1
    is divisible by 11 and not zero."""
    if not bsn or len(bsn) != 9 or not bsn.isdigit():
        return False
    digits = [int(c) for c in bsn]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1))) - digits[8]
    return total % 11 == 0 and total != 0


def normalise_bsn(value: str | None) -> str:
    """Strip spaces, dots and dashes; an 8-digit BSN gets its leading zero back."""
    digits = "".join(ch for ch in (value or "") if ch.isdigit() or ch.isalpha())
    if len(digits) == 8 and digits.isdigit():
        digits = "0" + digits
    return digits
