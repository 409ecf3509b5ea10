"""The keyed account hash: how the ledger names a bank account without holding its number.

Definition (cite this in docs; ``domain.enterprise.fields.BankAccount`` records its two outputs):

1. **Normalise** the account number as printed on a statement or a 开户许可证: remove every space
   (U+0020, tab, U+00A0, U+3000) and every dash (``-``, U+2010–U+2015, U+2212, U+FF0D); what is left must be
   8 to 32 ASCII digits ``0-9``, and nothing else (no letters, no full-width digits, no ``.`` or ``E+``: an
   account that a spreadsheet turned into ``6.22848E+18`` has lost digits and is refused, never guessed).
2. ``account_hash(secret, account_no)`` = lowercase hex of HMAC-SHA256 (RFC 2104, FIPS 198-1) keyed with
   ``secret`` over the ASCII bytes of the normalised number. ``secret`` is the ledger secret held by finance
   (at least 16 bytes); it never enters the ledger, so the hash cannot be reversed by trying every account
   number of a bank's format, which an unkeyed SHA-256 would allow.
3. ``last4(account_no)`` = the last four digits of the normalised number, kept for display.

So ``"6222 0216-0000 1234 567"`` and ``"62220216000012345 67"`` hash alike, and one secret gives one hash per
account on every machine.
"""

from __future__ import annotations

import hashlib
import hmac
import re

MIN_SECRET_BYTES = 16
MIN_DIGITS = 8
MAX_DIGITS = 32

# Spaces and dashes banks and people put into account numbers for legibility; nothing else is dropped.
_SEPARATORS = dict.fromkeys(
    map(ord, " \t\u00a0\u3000-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d"),
    None,
)
_DIGITS = re.compile(r"[0-9]+", re.ASCII)


class AccountNumberError(ValueError):
    """The text is not a bank account number under the definition above."""


def normalise_account(account_no: str) -> str:
    """The account number as digits only (spaces and dashes removed); refuses anything else."""
    if not isinstance(account_no, str):
        msg = f"an account number is text, got {type(account_no).__name__}"
        raise AccountNumberError(msg)
    digits = account_no.translate(_SEPARATORS)
    if not digits:
        msg = "the account number is empty"
        raise AccountNumberError(msg)
    if not _DIGITS.fullmatch(digits):
        bad = sorted({c for c in digits if not ("0" <= c <= "9")})
        shown = "".join(bad[:5])
        msg = f"an account number has digits only, {account_no!r} has {shown!r}"
        if any(c in ".eE+" for c in bad):
            msg += " (a spreadsheet may have turned it into a number and lost digits: export it as text)"
        raise AccountNumberError(msg)
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        msg = f"an account number has {MIN_DIGITS} to {MAX_DIGITS} digits, {account_no!r} has {len(digits)}"
        raise AccountNumberError(msg)
    return digits


def account_hash(secret: bytes, account_no: str) -> str:
    """HMAC-SHA256 under the ledger secret of the normalised account number, as 64 lowercase hex digits."""
    if not isinstance(secret, bytes) or len(secret) < MIN_SECRET_BYTES:
        msg = f"the ledger secret must be at least {MIN_SECRET_BYTES} bytes"
        raise ValueError(msg)
    return hmac.new(secret, normalise_account(account_no).encode("ascii"), hashlib.sha256).hexdigest()


def last4(account_no: str) -> str:
    """The last four digits of the normalised account number, as the ledger shows them."""
    return normalise_account(account_no)[-4:]
