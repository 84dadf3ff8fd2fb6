"""Validation of Swedish payment details: bank accounts, Bankgiro, Plusgiro and IBAN.

python-stdnum has no Swedish bank-account module, so the account rules are implemented here
from Bankgirot's "Bankernas kontonummeruppbyggnad":

- type 1, comment 1: 4-digit clearing + 7-digit account; mod 11 over the last three digits of
  the clearing number and the account (10 digits);
- type 1, comment 2: as above, mod 11 over all four clearing digits and the account (11 digits);
- type 2, comment 1: 10-digit account, mod 10 (Luhn) over the account;
- type 2, comment 2 (Handelsbanken): 9-digit account, mod 11 over the account;
- type 2, comment 3 (Swedbank 8xxx-x, Nordea Plusgirot accounts): up to 10 digits, mod 10 over
  the account. Swedbank's clearing numbers have a fifth check digit (mod 10 over the first four).

Coverage: the clearing ranges below cover the major banks (Nordea, SEB, Handelsbanken,
Swedbank and the savings banks, Danske Bank, Länsförsäkringar, ICA Banken, Skandia, SBAB,
Avanza, Sparbanken Syd, Ålandsbanken, Nordnet and some more). A clearing number outside the
table is refused with a message that asks for Bankgiro, Plusgiro or IBAN instead. Bankgirot
notes that a few old Swedbank accounts do not pass the check; such payees must use IBAN.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _


class BankError(ValueError):
    """The payment details are invalid; the message is readable by the user."""


@dataclass(frozen=True)
class BankRange:
    """A clearing-number range of one bank and its account structure."""

    first: int
    last: int
    bank: str
    kind: str  # "1-1", "1-2", "2-1", "2-2", "2-3"


RANGES = (
    BankRange(1100, 1199, "Nordea", "1-1"),
    BankRange(1200, 1399, "Danske Bank", "1-1"),
    BankRange(1400, 2099, "Nordea", "1-2"),
    BankRange(2300, 2399, "Ålandsbanken", "1-2"),
    BankRange(2400, 2499, "Danske Bank", "1-1"),
    BankRange(3000, 3299, "Nordea", "1-1"),
    BankRange(3300, 3300, "Nordea (personkonto)", "2-1"),
    BankRange(3301, 3399, "Nordea", "1-1"),
    BankRange(3400, 3409, "Länsförsäkringar Bank", "1-1"),
    BankRange(3410, 3781, "Nordea", "1-1"),
    BankRange(3782, 3782, "Nordea (personkonto)", "2-1"),
    BankRange(3783, 3999, "Nordea", "1-1"),
    BankRange(4000, 4999, "Nordea", "1-2"),
    BankRange(5000, 5999, "SEB", "1-1"),
    BankRange(6000, 6999, "Handelsbanken", "2-2"),
    BankRange(7000, 7999, "Swedbank", "1-1"),
    BankRange(8000, 8999, "Swedbank", "2-3"),
    BankRange(9020, 9029, "Länsförsäkringar Bank", "1-2"),
    BankRange(9060, 9069, "Länsförsäkringar Bank", "1-1"),
    BankRange(9100, 9109, "Nordnet Bank", "1-2"),
    BankRange(9120, 9124, "SEB", "1-1"),
    BankRange(9130, 9149, "SEB", "1-1"),
    BankRange(9150, 9169, "Skandiabanken", "1-2"),
    BankRange(9170, 9179, "Ikano Bank", "1-1"),
    BankRange(9180, 9189, "Danske Bank", "2-1"),
    BankRange(9230, 9239, "Marginalen Bank", "1-1"),
    BankRange(9250, 9259, "SBAB", "1-1"),
    BankRange(9270, 9279, "ICA Banken", "1-1"),
    BankRange(9280, 9289, "Resurs Bank", "1-1"),
    BankRange(9300, 9349, "Swedbank (fd Sparbanken Öresund)", "2-1"),
    BankRange(9400, 9449, "Forex Bank", "1-1"),
    BankRange(9500, 9549, "Nordea (Plusgirot)", "2-3"),
    BankRange(9550, 9569, "Avanza Bank", "1-2"),
    BankRange(9570, 9579, "Sparbanken Syd", "2-1"),
    BankRange(9660, 9669, "Svea Bank", "1-2"),
    BankRange(9670, 9679, "JAK Medlemsbank", "1-2"),
    BankRange(9880, 9889, "Riksgälden", "1-2"),
    BankRange(9960, 9969, "Nordea (Plusgirot)", "2-3"),
)


def _digits(text: str) -> str:
    return re.sub(r"[\s\-.]", "", text or "")


def mod11_ok(digits: str) -> bool:
    """Weights 1, 2, …, 10, 1, … from the right; the sum divisible by 11."""
    total = sum(int(d) * (i % 10 + 1) for i, d in enumerate(reversed(digits)))
    return total % 11 == 0


def find_range(clearing: int) -> BankRange | None:
    """The bank range of a four-digit clearing number, or None."""
    for entry in RANGES:
        if entry.first <= clearing <= entry.last:
            return entry
    return None


@dataclass(frozen=True)
class SwedishAccount:
    """A validated Swedish bank account."""

    clearing: str
    account: str
    bank: str

    def __str__(self) -> str:
        return f"{self.clearing}, {self.account}"


def validate_account(clearing_text: str, account_text: str) -> SwedishAccount:
    """Check a clearing number and account number; raise BankError with a readable reason."""
    clearing = _digits(clearing_text)
    account = _digits(account_text)
    if not clearing.isdigit() or len(clearing) not in (4, 5):
        raise BankError(_("The clearing number has four digits (five for some Swedbank ones)."))
    if not account.isdigit():
        raise BankError(_("The account number may contain only digits."))
    entry = find_range(int(clearing[:4]))
    if entry is None:
        raise BankError(
            _(
                "We do not recognise clearing number %(clearing)s. Give a Bankgiro, Plusgiro "
                "or IBAN instead.",
                clearing=clearing,
            )
        )
    if len(clearing) == 5:
        if entry.kind != "2-3" or entry.bank != "Swedbank":
            raise BankError(_("Only Swedbank clearing numbers have a fifth digit."))
        if not _luhn_ok(clearing):
            raise BankError(_("The clearing number's check digit is wrong."))
    kind = entry.kind
    if kind in ("1-1", "1-2"):
        if len(account) != 7:
            raise BankError(_("An account at %(bank)s has 7 digits.", bank=entry.bank))
        checked = (clearing[1:4] if kind == "1-1" else clearing[:4]) + account
        ok = mod11_ok(checked)
    elif kind == "2-1":
        if len(account) != 10:
            raise BankError(_("An account at %(bank)s has 10 digits.", bank=entry.bank))
        ok = _luhn_ok(account)
    elif kind == "2-2":
        if len(account) != 9:
            raise BankError(_("An account at %(bank)s has 9 digits.", bank=entry.bank))
        ok = mod11_ok(account)
    else:
        if not 1 <= len(account) <= 10:
            raise BankError(_("An account at %(bank)s has at most 10 digits.", bank=entry.bank))
        ok = _luhn_ok(account)
    if not ok:
        raise BankError(
            _("The account number does not match its check digit. Check it against your bank.")
        )
    return SwedishAccount(clearing, account, entry.bank)


def validate_bankgiro(text: str) -> str:
    """A Bankgiro number: 7 or 8 digits with a mod-10 check digit; returned as 1234-5678."""
    number = _digits(text)
    if not number.isdigit() or len(number) not in (7, 8):
        raise BankError(_("A Bankgiro number has 7 or 8 digits, e.g. 5050-1055."))
    if not _luhn_ok(number):
        raise BankError(_("The Bankgiro number's check digit is wrong."))
    return f"{number[:-4]}-{number[-4:]}"


def validate_plusgiro(text: str) -> str:
    """A Plusgiro number: 2 to 8 digits with a mod-10 check digit; returned as 12 34 56-7."""
    number = _digits(text)
    if not number.isdigit() or not 2 <= len(number) <= 8:
        raise BankError(_("A Plusgiro number has 2 to 8 digits, e.g. 90 01 22-3."))
    if not _luhn_ok(number):
        raise BankError(_("The Plusgiro number's check digit is wrong."))
    return f"{number[:-1]}-{number[-1]}"


def _luhn_ok(number: str) -> bool:
    """The mod-10 (Luhn) check, from python-stdnum (imported here: web workers start without
    it, about 1.3 MB)."""
    from stdnum import luhn

    return luhn.is_valid(number)


def validate_iban(text: str) -> str:
    """An IBAN (any country), checked with python-stdnum; returned in compact form."""
    from stdnum import iban as stdnum_iban
    from stdnum.exceptions import ValidationError

    try:
        return stdnum_iban.validate(text)
    except ValidationError as error:
        raise BankError(_("The IBAN is not valid. Check it against your bank.")) from error
