"""The sample's randomness: commitment, seed and the SHA-256 counter stream (docs/sampling.md §3, §4).

The inspector commits to a secret before the plan's checkpoint exists and reveals it after; the seed binds the
witness-cosigned checkpoint root the plan named in advance, the revealed secret and the plan id. Every byte is
fixed here, so a second implementation (``fundtrail-verify``) draws the same numbers.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from audit.sampling.errors import SamplingError
from audit.sampling.rates import check_count

SEED_TAG = b"fundtrail/sample-seed/v1\n"
STREAM_TAG = b"fundtrail/sample-stream/v1\n"
COMMIT_TAG = b"fundtrail/sample-commit/v1\n"
ROOT_SIZE = 32
SECRET_MIN = 16
SECRET_MAX = 1024
BLOCK_SIZE = 32
PLAN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")


def lp(data: bytes) -> bytes:
    """Length-prefixed field: 4-byte big-endian length, then the bytes (as docs/ledger-format.md)."""
    return len(data).to_bytes(4, "big") + data


def u64(n: int) -> bytes:
    return n.to_bytes(8, "big")


def check_plan_id(plan_id: object) -> bytes:
    if not isinstance(plan_id, str) or not PLAN_ID.fullmatch(plan_id):
        raise SamplingError(
            "plan_id", "FT-SAMPLE-PLAN-ID", f"must match {PLAN_ID.pattern} (ASCII), got {plan_id!r}", "§3"
        )
    return plan_id.encode("ascii")


def check_secret(secret: object) -> bytes:
    if not isinstance(secret, bytes):
        raise SamplingError("secret", "FT-SAMPLE-SECRET", f"bytes are required, got {type(secret).__name__}", "§3")
    if not SECRET_MIN <= len(secret) <= SECRET_MAX:
        raise SamplingError(
            "secret", "FT-SAMPLE-SECRET", f"must be {SECRET_MIN}..{SECRET_MAX} bytes, got {len(secret)}", "§3"
        )
    return secret


def check_root(root: object) -> bytes:
    if not isinstance(root, bytes) or len(root) != ROOT_SIZE:
        raise SamplingError(
            "checkpoint_root", "FT-SAMPLE-ROOT", f"the checkpoint's root hash is {ROOT_SIZE} raw bytes", "§3"
        )
    return root


def commitment(secret: bytes, plan_id: str) -> bytes:
    """commit = SHA-256(COMMIT_TAG ‖ lp(secret) ‖ lp(plan id)), published before the checkpoint exists."""
    return hashlib.sha256(COMMIT_TAG + lp(check_secret(secret)) + lp(check_plan_id(plan_id))).digest()


def reveal_matches(commit: bytes, secret: bytes, plan_id: str) -> bool:
    """Whether a revealed secret opens the commitment recorded for this plan."""
    return hmac.compare_digest(commit, commitment(secret, plan_id))


def check_reveal(commit: bytes, secret: bytes, plan_id: str) -> None:
    """Refuse a revealed secret that does not open the plan's commitment."""
    if not reveal_matches(commit, secret, plan_id):
        raise SamplingError(
            "secret", "FT-SAMPLE-REVEAL", "the revealed secret does not open the plan's commitment", "§3"
        )


def derive_seed(checkpoint_root: bytes, secret: bytes, plan_id: str) -> bytes:
    """seed = SHA-256(SEED_TAG ‖ lp(root) ‖ lp(secret) ‖ lp(plan id))."""
    material = lp(check_root(checkpoint_root)) + lp(check_secret(secret)) + lp(check_plan_id(plan_id))
    return hashlib.sha256(SEED_TAG + material).digest()


def block(seed: bytes, index: int) -> bytes:
    """Block i of the stream: SHA-256(STREAM_TAG ‖ seed ‖ u64(i))."""
    return hashlib.sha256(STREAM_TAG + seed + u64(index)).digest()


def width(m: int) -> int:
    """The number of bytes a draw in [1, m] reads: the least w ≥ 0 with 256^w ≥ m."""
    w = 0
    while 256**w < m:
        w += 1
    return w


def accepted(x: int, m: int) -> int | None:
    """The result in [1, m] a w-byte value x gives, or None when x ≥ limit = 256^w − 256^w mod m (rejected)."""
    space = 256 ** width(m)
    if x < space - space % m:
        return 1 + x % m
    return None


class RandomStream:
    """The bytes block 0 ‖ block 1 ‖ … read front to back; each draw takes the next bytes, across blocks."""

    def __init__(self, seed: bytes) -> None:
        if not isinstance(seed, bytes) or len(seed) != BLOCK_SIZE:
            raise SamplingError("seed", "FT-SAMPLE-SEED", "a seed is 32 bytes (§3)", "§4")
        self._seed = seed
        self._buffer = b""
        self._next_block = 0
        self.bytes_read = 0

    def read(self, n: int) -> bytes:
        while len(self._buffer) < n:
            self._buffer += block(self._seed, self._next_block)
            self._next_block += 1
        out, self._buffer = self._buffer[:n], self._buffer[n:]
        self.bytes_read += n
        return out

    def uniform(self, m: int) -> int:
        """A uniform integer in [1, m] by rejection: read w bytes as big-endian x; accept x < 256^w − 256^w mod m."""
        check_count("m", m, minimum=1, rule="FT-SAMPLE-RANGE", section="§4")
        w = width(m)
        while True:
            value = accepted(int.from_bytes(self.read(w), "big"), m)
            if value is not None:
                return value


def stream_for(checkpoint_root: bytes, secret: bytes, plan_id: str) -> RandomStream:
    """The plan's stream from its public inputs."""
    return RandomStream(derive_seed(checkpoint_root, secret, plan_id))
