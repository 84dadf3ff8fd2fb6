"""Swedish bank accounts, Bankgiro, Plusgiro and IBAN.

Valid numbers: SEB 5839-8257466 is the account inside Sweden's published example IBAN
SE45 5000 0000 0583 9825 7466; 811218-9876 is Skatteverket's published example personal number
(a Nordea personkonto is the personal number); Bankgirot's own Bankgiro is 5050-1055. The rest
were made with the check-digit rules (marked "constructed").
"""

from __future__ import annotations

import pytest

from okconf.reimbursements.bank import (
    BankError,
    validate_account,
    validate_bankgiro,
    validate_iban,
    validate_plusgiro,
)


@pytest.fixture(autouse=True)
def _babel(plain_app):
    """The messages are translated, so they need the app."""


@pytest.mark.parametrize(
    ("clearing", "account", "bank"),
    [
        ("5839", "8257466", "SEB"),  # published example
        ("3300", "8112189876", "Nordea (personkonto)"),  # published example personal number
        ("6789", "123456789", "Handelsbanken"),  # constructed, mod 11 over 9 digits
        ("8327-9", "994 742 040-3", "Swedbank"),  # constructed: clearing and account mod 10
        ("4000", "1234567", "Nordea"),  # constructed, type 1 comment 2
        ("1200", "1234562", "Danske Bank"),  # constructed, type 1 comment 1
        ("9270", "1234565", "ICA Banken"),  # constructed
        ("3000", "1234560", "Nordea"),  # constructed
    ],
)
def test_valid_accounts(clearing, account, bank):
    checked = validate_account(clearing, account)
    assert checked.bank == bank
    assert checked.account.isdigit()


@pytest.mark.parametrize(
    ("clearing", "account", "words"),
    [
        ("5839", "8257467", "check digit"),  # one digit off
        ("5839", "825746", "7 digits"),
        ("6789", "123456788", "check digit"),
        ("8327-8", "9947420403", "check digit"),  # wrong clearing check digit
        ("8327-9", "9947420404", "check digit"),
        ("5839-1", "8257466", "fifth digit"),
        ("0999", "1234567", "recognise"),
        ("58a9", "8257466", "four digits"),
        ("3300", "8112189877", "check digit"),
    ],
)
def test_invalid_accounts(clearing, account, words):
    with pytest.raises(BankError) as error:
        validate_account(clearing, account)
    assert words in str(error.value)


def test_bankgiro():
    assert validate_bankgiro("5050-1055") == "5050-1055"
    assert validate_bankgiro("123-4566") == "123-4566"  # constructed, 7 digits
    with pytest.raises(BankError):
        validate_bankgiro("5050-1056")
    with pytest.raises(BankError):
        validate_bankgiro("123")


def test_plusgiro():
    assert validate_plusgiro("90 01 22-3") == "900122-3"  # constructed
    with pytest.raises(BankError):
        validate_plusgiro("90 01 22-4")
    with pytest.raises(BankError):
        validate_plusgiro("1")


def test_iban():
    assert validate_iban("SE45 5000 0000 0583 9825 7466") == "SE4550000000058398257466"
    assert validate_iban("DE89 3704 0044 0532 0130 00") == "DE89370400440532013000"
    with pytest.raises(BankError):
        validate_iban("SE45 5000 0000 0583 9825 7467")
