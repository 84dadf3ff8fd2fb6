"""SIE 4 export of paid claims: one voucher (#VER) per claim, for Swedish bookkeeping programs.

SIE files are CP437 ("PC8") text. Accounts come from configuration (BAS chart defaults):
SIE_ACCOUNT_TRAVEL 5800 Resekostnader, SIE_ACCOUNT_LOST_EARNINGS 7690 Övriga
personalkostnader, SIE_ACCOUNT_BANK 1930 Företagskonto; SIE_VOUCHER_SERIES "R";
SIE_COMPANY_NAME is the #FNAMN.
"""

from __future__ import annotations

from datetime import date

from flask import current_app

from okconf.reimbursements.models import Claim

ACCOUNT_NAMES = {
    "SIE_ACCOUNT_TRAVEL": "Resekostnader",
    "SIE_ACCOUNT_LOST_EARNINGS": "Övriga personalkostnader",
    "SIE_ACCOUNT_BANK": "Företagskonto",
}


def setting(key: str) -> str:
    """A SIE setting from the configuration (defaults in okconf/config.py)."""
    return str(current_app.config[key])


def quote(text: str) -> str:
    """A SIE string field: in quotes, with quotes escaped and line breaks removed."""
    cleaned = " ".join(str(text).split())
    return '"' + cleaned.replace("\\", "\\\\").replace('"', '\\"') + '"'


def amount(ore: int) -> str:
    """Öre as a SIE amount with a point and two decimals, e.g. 1050.00 or -12.50."""
    sign = "-" if ore < 0 else ""
    whole, frac = divmod(abs(ore), 100)
    return f"{sign}{whole}.{frac:02d}"


def ymd(day: date) -> str:
    """A date as SIE's YYYYMMDD."""
    return day.strftime("%Y%m%d")


def export(claims: list[Claim], *, year: int, generated: date) -> bytes:
    """The SIE 4 file for paid claims of one financial year (calendar year)."""
    travel = setting("SIE_ACCOUNT_TRAVEL")
    lost = setting("SIE_ACCOUNT_LOST_EARNINGS")
    bank_account = setting("SIE_ACCOUNT_BANK")
    series = setting("SIE_VOUCHER_SERIES")
    lines = [
        "#FLAGGA 0",
        "#FORMAT PC8",
        "#SIETYP 4",
        '#PROGRAM "okconf" 1.0',
        f"#GEN {ymd(generated)}",
        f"#FNAMN {quote(setting('SIE_COMPANY_NAME'))}",
        f"#RAR 0 {year}0101 {year}1231",
    ]
    for key in ("SIE_ACCOUNT_BANK", "SIE_ACCOUNT_TRAVEL", "SIE_ACCOUNT_LOST_EARNINGS"):
        lines.append(f"#KONTO {setting(key)} {quote(ACCOUNT_NAMES[key])}")
    for number, claim in enumerate(sorted(claims, key=lambda c: (c.paid_on, c.id)), start=1):
        text = (
            f"Reseersättning {claim.registration.full_name}, {claim.conference.title}, "
            f"ärende {claim.id}, ref {claim.payment_reference}"
        )
        day = ymd(claim.paid_on)
        lines.append(f"#VER {series} {number} {day} {quote(text)}")
        lines.append("{")
        if claim.approved_travel_ore:
            lines.append(f"   #TRANS {travel} {{}} {amount(claim.approved_travel_ore)}")
        if claim.approved_lost_ore:
            lines.append(f"   #TRANS {lost} {{}} {amount(claim.approved_lost_ore)}")
        lines.append(f"   #TRANS {bank_account} {{}} {amount(-claim.approved_ore)}")
        lines.append("}")
    return ("\r\n".join(lines) + "\r\n").encode("cp437", errors="replace")


def parse(data: bytes) -> dict:
    """Read a SIE 4 file back (enough of it to check an export): header, accounts, vouchers."""
    import shlex

    result = {"header": {}, "accounts": {}, "vouchers": []}
    current = None
    for raw in data.decode("cp437").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line == "{":
            continue
        if line == "}":
            current = None
            continue
        parts = shlex.split(line.replace("{}", "''"), posix=True)
        tag = parts[0]
        if tag == "#KONTO":
            result["accounts"][parts[1]] = parts[2]
        elif tag == "#VER":
            current = {
                "series": parts[1],
                "number": parts[2],
                "date": parts[3],
                "text": parts[4],
                "trans": [],
            }
            result["vouchers"].append(current)
        elif tag == "#TRANS":
            whole, _, frac = parts[3].lstrip("-").partition(".")
            ore = int(whole) * 100 + int((frac + "00")[:2])
            current["trans"].append((parts[1], -ore if parts[3].startswith("-") else ore))
        else:
            result["header"][tag] = parts[1:]
    return result
