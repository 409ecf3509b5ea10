"""Audit sample selection, re-derived from docs/sampling.md alone (a second implementation).

The verifier re-draws a task-force sample from the public inputs: the population document (§2) and the
hash the plan recorded, the inspector's commitment and revealed secret, the named checkpoint's root and the
plan id (§3), the SHA-256 counter stream (§4), the Poisson factors (§5), and then the monetary-unit plan and
selection (§6, §7) or the attribute plan and selection (§9, §10). It is written from the document only and
imports nothing of fundtrail's (not even ``audit.sampling``), so agreement between the two is evidence that
the document is sufficient. Standard library only: integers, ``fractions.Fraction`` and, for ``e^-λ``,
``decimal`` at precision 60 as §5 prescribes.

Every refusal is a ``SampleError`` naming the field, the rule and the section of docs/sampling.md.
Rules the document names: FT-SAMPLE-POPULATION, FT-SAMPLE-REVEAL, FT-SAMPLE-FACTOR, FT-SAMPLE-EXPANSION.
Refusals the document asks for without naming a rule use FT-SAMPLE-SEED (§3 inputs), FT-SAMPLE-PLAN (§6, §9
planning) and FT-SAMPLE-SELECTION (§7, §10 inputs).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from decimal import localcontext
from fractions import Fraction
from functools import lru_cache
from typing import Any

SEED_TAG = b"fundtrail/sample-seed/v1\n"
STREAM_TAG = b"fundtrail/sample-stream/v1\n"
COMMIT_TAG = b"fundtrail/sample-commit/v1\n"
POPULATION_HEADER = "fundtrail/population/v1"

RULE_POPULATION = "FT-SAMPLE-POPULATION"
RULE_REVEAL = "FT-SAMPLE-REVEAL"
RULE_FACTOR = "FT-SAMPLE-FACTOR"
RULE_EXPANSION = "FT-SAMPLE-EXPANSION"
RULE_SEED = "FT-SAMPLE-SEED"  # not named by the document (§3 states the grammar, not the rule)
RULE_PLAN = "FT-SAMPLE-PLAN"  # not named by the document (§6, §9 say "refused")
RULE_SELECTION = "FT-SAMPLE-SELECTION"  # not named by the document (§7, §10 inputs)

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}", re.ASCII)  # §2
_PLAN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,99}", re.ASCII)  # §3
_NUMBER = re.compile(r"0|[1-9][0-9]*", re.ASCII)  # §2: decimal, no sign, separators or leading zeros
_HEX32 = re.compile(r"[0-9a-f]{64}", re.ASCII)
_MAX_NUMBER = 2**53  # §2: every number of the population document is at most 2^53
_MAX_DIGITS = len(str(_MAX_NUMBER))
_SECRET_MIN, _SECRET_MAX = 16, 1024  # §3
_FACTOR_MARGIN = Fraction(1, 10**40)  # §5
_EXP_PRECISION = 60  # §5

# §5: expansion factors by risk of incorrect acceptance 1 - c.
_EXPANSION: dict[Fraction, Fraction] = {
    Fraction(1, 100): Fraction(19, 10),
    Fraction(5, 100): Fraction(16, 10),
    Fraction(10, 100): Fraction(15, 10),
    Fraction(15, 100): Fraction(14, 10),
    Fraction(20, 100): Fraction(13, 10),
    Fraction(25, 100): Fraction(125, 100),
    Fraction(30, 100): Fraction(12, 10),
    Fraction(37, 100): Fraction(115, 100),
    Fraction(50, 100): Fraction(1),
}


class SampleError(ValueError):
    """A sampling input is refused: the field, the rule and the section of docs/sampling.md it rests on."""

    def __init__(self, field: str, rule: str, section: str, detail: str) -> None:
        self.field = field
        self.rule = rule
        self.section = section
        self.detail = detail
        super().__init__(f"{field}: {detail} ({rule}, docs/sampling.md {section})")


# --- §1 encodings -------------------------------------------------------------------------------------------


def lp(b: bytes) -> bytes:
    """``lp(b)``: the length of b as 4 bytes big-endian, then b (§1)."""
    return len(b).to_bytes(4, "big") + b


def u64(i: int) -> bytes:
    return i.to_bytes(8, "big")


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _digest(value: bytes | str, field: str, rule: str, section: str) -> bytes:
    """A 32-byte digest given raw or as 64 lowercase hex digits."""
    if isinstance(value, bytes):
        if len(value) != 32:
            raise SampleError(field, rule, section, f"a SHA-256 digest is 32 bytes, got {len(value)}")
        return value
    if isinstance(value, str) and _HEX32.fullmatch(value):
        return bytes.fromhex(value)
    raise SampleError(field, rule, section, "expected 32 bytes or 64 lowercase hex digits")


def _integer(value: object, field: str, minimum: int, section: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SampleError(field, RULE_PLAN, section, f"must be an integer (分), got {type(value).__name__}")
    if value < minimum:
        raise SampleError(field, RULE_PLAN, section, f"must be ≥ {minimum}, got {value}")
    return value


def _rational(value: object, field: str, section: str) -> Fraction:
    """An exact rational (§1): a Fraction, or a decimal / ``p/q`` string; never a float."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, str):
        try:
            return Fraction(value)
        except (ValueError, ZeroDivisionError):
            pass
    raise SampleError(field, RULE_PLAN, section, f"must be an exact rational (Fraction or decimal text), got {value!r}")


def _confidence(value: object, field: str = "confidence") -> Fraction:
    c = _rational(value, field, "§5")
    if not 0 < c < 1:
        raise SampleError(field, RULE_PLAN, "§5", f"must lie in (0, 1), got {c}")
    return c


def _ceil(x: Fraction) -> int:
    return -((-x.numerator) // x.denominator)


def _floor(x: Fraction) -> int:
    return x.numerator // x.denominator


# --- §2 the population document ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    position: int
    id: str
    book_value: int


@dataclass(frozen=True)
class Population:
    items: tuple[Item, ...]
    total: int
    hash: str  # SHA-256 of the document, 64 lowercase hex digits

    @property
    def count(self) -> int:
        return len(self.items)


def encode_population(items: list[tuple[str, int]]) -> bytes:
    """The canonical document for (id, book value) pairs in the recorded order (§2); checked by the parser."""
    lines = [POPULATION_HEADER, f"count {len(items)}", f"total {sum(v for _, v in items)}"]
    lines += [f"{ident} {value}" for ident, value in items]
    document = "".join(line + "\n" for line in lines).encode("ascii")
    parse_population(document)
    return document


def _number(text: str, what: str, line_no: int) -> int:
    if not _NUMBER.fullmatch(text) or len(text) > _MAX_DIGITS or int(text) > _MAX_NUMBER:
        raise SampleError(
            "population",
            RULE_POPULATION,
            "§2",
            f"line {line_no}: {what} {text[:40]!r} is not a canonical decimal of at most 2^53",
        )
    return int(text)


def _check_hash(document: bytes, expected_hash: bytes | str | None) -> bytes:
    if not isinstance(document, bytes):
        raise SampleError("population", RULE_POPULATION, "§2", "the document is bytes")
    digest = _sha256(document)
    if expected_hash is not None:
        want = _digest(expected_hash, "population_hash", RULE_POPULATION, "§2")
        if digest != want:
            detail = f"SHA-256 is {digest.hex()}, the plan recorded {want.hex()}"
            raise SampleError("population", RULE_POPULATION, "§2", detail)
    return digest


def _lines(document: bytes) -> list[str]:
    try:
        text = document.decode("ascii")
    except UnicodeDecodeError as e:
        raise SampleError("population", RULE_POPULATION, "§2", f"byte {e.start} is not ASCII") from None
    if not text.endswith("\n"):
        raise SampleError("population", RULE_POPULATION, "§2", "every line ends in \\n; the document does not")
    return text[:-1].split("\n")


def parse_population(document: bytes, expected_hash: bytes | str | None = None) -> Population:
    """Parse and check a population document (§2); with ``expected_hash``, also its SHA-256 (the plan's).

    Refused (FT-SAMPLE-POPULATION) unless the bytes are exactly the canonical encoding of what they say.
    """
    digest = _check_hash(document, expected_hash)
    lines = _lines(document)
    if len(lines) < 3 or lines[0] != POPULATION_HEADER:
        raise SampleError("population", RULE_POPULATION, "§2", f"the first line must be {POPULATION_HEADER!r}")
    count_word, _, count_text = lines[1].partition(" ")
    total_word, _, total_text = lines[2].partition(" ")
    if count_word != "count":
        raise SampleError("population", RULE_POPULATION, "§2", "line 2 must be 'count <N>'")
    if total_word != "total":
        raise SampleError("population", RULE_POPULATION, "§2", "line 3 must be 'total <T>'")
    count = _number(count_text, "count", 2)
    total = _number(total_text, "total", 3)
    items: list[Item] = []
    seen: set[str] = set()
    for offset, line in enumerate(lines[3:]):
        line_no = offset + 4
        ident, sep, value_text = line.partition(" ")
        if not sep or not _ID.fullmatch(ident):
            raise SampleError("population", RULE_POPULATION, "§2", f"line {line_no}: not '<id> <book value>'")
        if ident in seen:
            raise SampleError("population", RULE_POPULATION, "§2", f"line {line_no}: id {ident!r} appears twice")
        seen.add(ident)
        items.append(Item(offset, ident, _number(value_text, "book value", line_no)))
    if count != len(items):
        raise SampleError("population", RULE_POPULATION, "§2", f"count {count} but {len(items)} item lines")
    if total != sum(item.book_value for item in items):
        raise SampleError("population", RULE_POPULATION, "§2", f"total {total} is not the sum of the book values")
    # The rule itself: the document must re-encode to the same bytes.
    lines_out = [POPULATION_HEADER, f"count {count}", f"total {total}"]
    lines_out += [f"{item.id} {item.book_value}" for item in items]
    if "".join(line + "\n" for line in lines_out).encode("ascii") != document:
        raise SampleError("population", RULE_POPULATION, "§2", "the document does not re-encode to the same bytes")
    return Population(tuple(items), total, digest.hex())


# --- §3 commitment and seed ------------------------------------------------------------------------------


def _plan_id(plan_id: object) -> bytes:
    if not isinstance(plan_id, str) or not _PLAN_ID.fullmatch(plan_id):
        raise SampleError("plan_id", RULE_SEED, "§3", f"{plan_id!r} does not match [A-Za-z0-9][A-Za-z0-9._:-]{{0,99}}")
    return plan_id.encode("ascii")


def _secret(secret: object) -> bytes:
    if not isinstance(secret, bytes):
        raise SampleError("secret", RULE_SEED, "§3", "the secret is bytes")
    if not _SECRET_MIN <= len(secret) <= _SECRET_MAX:
        raise SampleError("secret", RULE_SEED, "§3", f"must be {_SECRET_MIN} to {_SECRET_MAX} bytes, got {len(secret)}")
    return secret


def commitment(secret: bytes, plan_id: str) -> bytes:
    """``SHA-256(COMMIT_TAG ‖ lp(secret) ‖ lp(plan id))`` (§3)."""
    return _sha256(COMMIT_TAG + lp(_secret(secret)) + lp(_plan_id(plan_id)))


def verify_commitment(recorded: bytes | str, secret: bytes, plan_id: str) -> None:
    """Refuse (FT-SAMPLE-REVEAL) a revealed secret that does not open the recorded commitment (§3)."""
    want = _digest(recorded, "commitment", RULE_REVEAL, "§3")
    if commitment(secret, plan_id) != want:
        raise SampleError("secret", RULE_REVEAL, "§3", "the revealed secret does not open the recorded commitment")


def derive_seed(root: bytes | str, secret: bytes, plan_id: str) -> bytes:
    """``SHA-256(SEED_TAG ‖ lp(root) ‖ lp(secret) ‖ lp(plan id))`` with the checkpoint's raw 32-byte root (§3)."""
    raw_root = _digest(root, "checkpoint_root", RULE_SEED, "§3")
    return _sha256(SEED_TAG + lp(raw_root) + lp(_secret(secret)) + lp(_plan_id(plan_id)))


# --- §4 the random stream ----------------------------------------------------------------------------------


def stream_block(seed: bytes, i: int) -> bytes:
    """Block i: ``SHA-256(STREAM_TAG ‖ seed ‖ u64(i))`` (§4)."""
    return _sha256(STREAM_TAG + seed + u64(i))


class Stream:
    """The stream ``block_0 ‖ block_1 ‖ …`` read front to back (§4); ``consumed`` counts the bytes read."""

    def __init__(self, seed: bytes) -> None:
        if not isinstance(seed, bytes) or len(seed) != 32:
            raise SampleError("seed", RULE_SEED, "§4", "the seed is 32 bytes")
        self._seed = seed
        self._buffer = b""
        self._next_block = 0
        self.consumed = 0

    def read(self, count: int) -> bytes:
        while len(self._buffer) < count:
            self._buffer += stream_block(self._seed, self._next_block)
            self._next_block += 1
        out, self._buffer = self._buffer[:count], self._buffer[count:]
        self.consumed += count
        return out

    def uniform(self, m: int) -> int:
        """A uniform integer in [1, m] by rejection (§4)."""
        if isinstance(m, bool) or not isinstance(m, int) or m < 1:
            raise SampleError("m", RULE_SELECTION, "§4", f"a uniform draw needs m ≥ 1, got {m!r}")
        w = 0
        while 256**w < m:
            w += 1
        space = 256**w
        limit = space - space % m
        while True:
            x = int.from_bytes(self.read(w), "big")  # w = 0 reads nothing: x = 0 < limit = 1
            if x < limit:
                return 1 + x % m


# --- §5 Poisson confidence factors -------------------------------------------------------------------------


def _q_exceeds_alpha(k: int, lam_numerator: int, scale: int, alpha: Fraction) -> bool:
    """Whether ``Q_k(λ) > α`` for λ = lam_numerator / 10^scale, as §5's reference computes it."""
    lam = Fraction(lam_numerator, 10**scale)
    term = Fraction(1)
    s = Fraction(1)
    for j in range(1, k + 1):
        term = term * lam / j
        s += term
    with localcontext() as ctx:
        ctx.prec = _EXP_PRECISION
        e = Decimal(-lam_numerator).scaleb(-scale).exp()  # the argument is exact; exp is correctly rounded
    difference = Fraction(e) * s - alpha
    if abs(difference) < _FACTOR_MARGIN:
        raise SampleError("confidence", RULE_FACTOR, "§5", f"Q_{k}({lam}) is within 10^-40 of α = {alpha}")
    return difference > 0


@lru_cache(maxsize=4096)
def _upper_limit(k: int, c: Fraction, places: int) -> Fraction:
    alpha = 1 - c
    scale = 10**places
    lo, hi = 0, scale * (k + 1)
    while _q_exceeds_alpha(k, hi, places, alpha):
        lo, hi = hi, 2 * hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _q_exceeds_alpha(k, mid, places, alpha):
            lo = mid
        else:
            hi = mid
    return Fraction(hi, scale)


def poisson_upper_limit(k: int, confidence: Fraction | str, places: int) -> Fraction:
    """λ* rounded up to ``places`` decimals (§5)."""
    c = _confidence(confidence)
    if isinstance(k, bool) or not isinstance(k, int) or k < 0:
        raise SampleError("k", RULE_PLAN, "§5", f"the number of errors is an integer ≥ 0, got {k!r}")
    if isinstance(places, bool) or not isinstance(places, int) or places < 0:
        raise SampleError("places", RULE_PLAN, "§5", f"an integer ≥ 0, got {places!r}")
    return _upper_limit(k, c, places)


def factor(confidence: Fraction | str, k: int) -> Fraction:
    """``F(c, k)``: λ* rounded up to two decimals, as an exact rational (§5)."""
    return poisson_upper_limit(k, confidence, 2)


def expansion_factor(confidence: Fraction | str) -> Fraction:
    """``EF(c)`` from §5's table; any other confidence is refused (FT-SAMPLE-EXPANSION)."""
    c = _confidence(confidence)
    ef = _EXPANSION.get(1 - c)
    if ef is None:
        raise SampleError(
            "confidence", RULE_EXPANSION, "§5", f"no expansion factor for a risk of {1 - c} (expected misstatement > 0)"
        )
    return ef


# --- §6 MUS planning ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MusPlan:
    book_value: int
    tolerable: int
    expected: int
    confidence: Fraction
    reliability_factor: Fraction  # RF = F(c, 0)
    expansion_factor: Fraction  # EF (1 when EM = 0)
    room: Fraction  # TM - EM * EF
    sample_size: int  # n
    interval: int  # J


def plan_mus(book_value: int, tolerable: int, expected: int, confidence: Fraction | str) -> MusPlan:
    """Sample size and interval (§6). ``book_value`` is the population document's total."""
    bv = _integer(book_value, "book_value", 1, "§6")
    tm = _integer(tolerable, "tolerable_misstatement", 1, "§6")
    em = _integer(expected, "expected_misstatement", 0, "§6")
    c = _confidence(confidence)
    rf = factor(c, 0)
    ef = expansion_factor(c) if em > 0 else Fraction(1)
    room = tm - em * ef
    if room <= 0:
        raise SampleError("expected_misstatement", RULE_PLAN, "§6", f"TM − EM·EF = {room} must be > 0")
    n = _ceil(bv * rf / room)
    if n > bv:
        raise SampleError("tolerable_misstatement", RULE_PLAN, "§6", f"n = {n} > BV = {bv}: examine every item")
    return MusPlan(bv, tm, em, c, rf, ef, room, n, bv // n)


# --- §7 MUS selection --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    point: int
    position: int
    id: str
    book_value: int


@dataclass(frozen=True)
class MusSelection:
    interval: int
    start: int
    certainty: tuple[Item, ...]  # recorded order
    hits: tuple[Hit, ...]  # in order of their points
    sampled_total: int  # T'
    bytes_read: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "interval": self.interval,
            "start": self.start,
            "certainty": [[i.position, i.id, i.book_value] for i in self.certainty],
            "hits": [[h.point, h.position, h.id, h.book_value] for h in self.hits],
            "sampled_total": self.sampled_total,
            "bytes_read": self.bytes_read,
        }


def select_mus(population: Population, interval: int, stream: Stream) -> MusSelection:
    """Random start, certainty stratum and systematic hits (§7)."""
    j = interval
    if isinstance(j, bool) or not isinstance(j, int) or j < 1:
        raise SampleError("interval", RULE_SELECTION, "§7", f"the interval J is an integer ≥ 1, got {j!r}")
    start = stream.uniform(j)  # §7.1: drawn first, even if nothing is left to sample
    return select_mus_from_start(population, j, start, stream.consumed)


def select_mus_from_start(population: Population, interval: int, start: int, bytes_read: int = 0) -> MusSelection:
    """§7 steps 2–5 for a given random start s in [1, J] (as in the worked example §14.1)."""
    j = interval
    if isinstance(j, bool) or not isinstance(j, int) or j < 1:
        raise SampleError("interval", RULE_SELECTION, "§7", f"the interval J is an integer ≥ 1, got {j!r}")
    if isinstance(start, bool) or not isinstance(start, int) or not 1 <= start <= j:
        raise SampleError("start", RULE_SELECTION, "§7", f"the random start lies in [1, J], got {start!r}")
    certainty = tuple(item for item in population.items if item.book_value >= j)
    sampled = [item for item in population.items if item.book_value < j]
    sampled_total = sum(item.book_value for item in sampled)
    hits: list[Hit] = []
    point = start
    cumulative = 0
    for item in sampled:
        low, cumulative = cumulative, cumulative + item.book_value
        while low < point <= cumulative:  # at most once, since book value < J
            hits.append(Hit(point, item.position, item.id, item.book_value))
            point += j
    return MusSelection(j, start, certainty, tuple(hits), sampled_total, bytes_read)


# --- §9 attribute planning ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttributePlan:
    tolerable_rate: Fraction
    expected_rate: Fraction
    confidence: Fraction
    population_size: int
    sample_size: int
    allowed_deviations: int
    census: bool


def plan_attribute(
    tolerable_rate: Fraction | str, expected_rate: Fraction | str, confidence: Fraction | str, population_size: int
) -> AttributePlan:
    """The least n of §9 (Poisson), or a census when n reaches N."""
    tdr = _rational(tolerable_rate, "tolerable_deviation_rate", "§9")
    edr = _rational(expected_rate, "expected_deviation_rate", "§9")
    c = _confidence(confidence)
    big_n = _integer(population_size, "population_size", 1, "§9")
    if not 0 < tdr < 1:
        raise SampleError("tolerable_deviation_rate", RULE_PLAN, "§9", f"must lie in (0, 1), got {tdr}")
    if not 0 <= edr < tdr:
        raise SampleError("expected_deviation_rate", RULE_PLAN, "§9", f"must lie in [0, TDR), got {edr}")
    n = _ceil(factor(c, 0) / tdr)
    while n < big_n:
        k = _ceil(n * edr)
        if factor(c, k) <= n * tdr:
            return AttributePlan(tdr, edr, c, big_n, n, k, census=False)
        n += 1
    return AttributePlan(tdr, edr, c, big_n, big_n, _ceil(big_n * edr), census=True)


# --- §10 attribute selection -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttributeSelection:
    items: tuple[Item, ...]  # in draw order
    draws: tuple[int, ...]  # r for each i
    array: tuple[int, ...]  # a after the n draws
    bytes_read: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": [[i.position, i.id, i.book_value] for i in self.items],
            "draws": list(self.draws),
            "array": list(self.array),
            "bytes_read": self.bytes_read,
        }


def select_attribute(population: Population, sample_size: int, stream: Stream) -> AttributeSelection:
    """Partial Fisher–Yates over the positions (§10)."""
    big_n = population.count
    n = sample_size
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= big_n:
        raise SampleError("sample_size", RULE_SELECTION, "§10", f"must be an integer in [0, {big_n}], got {n!r}")
    a = list(range(big_n))
    draws: list[int] = []
    for i in range(n):
        r = stream.uniform(big_n - i)
        draws.append(r)
        j = i + r - 1
        a[i], a[j] = a[j], a[i]
    items = tuple(population.items[p] for p in a[:n])
    return AttributeSelection(items, tuple(draws), tuple(a), stream.consumed)


# --- whole draws from the public inputs --------------------------------------------------------------------


@dataclass(frozen=True)
class Reveal:
    """The public inputs of a draw (§1): plan id, population hash, checkpoint root, commitment and secret."""

    plan_id: str
    population_hash: bytes | str
    checkpoint_root: bytes | str
    commitment: bytes | str
    secret: bytes


def _open(document: bytes, reveal: Reveal) -> tuple[Population, Stream]:
    population = parse_population(document, reveal.population_hash)
    verify_commitment(reveal.commitment, reveal.secret, reveal.plan_id)  # §3: no draw on a wrong secret
    return population, Stream(derive_seed(reveal.checkpoint_root, reveal.secret, reveal.plan_id))


def draw_mus(
    document: bytes, reveal: Reveal, tolerable: int, expected: int, confidence: Fraction | str
) -> tuple[MusPlan, MusSelection]:
    """Re-derive a monetary-unit sample from the public inputs (§2, §3, §4, §6, §7)."""
    population, stream = _open(document, reveal)
    plan = plan_mus(population.total, tolerable, expected, confidence)
    return plan, select_mus(population, plan.interval, stream)


def draw_attribute(
    document: bytes,
    reveal: Reveal,
    tolerable_rate: Fraction | str,
    expected_rate: Fraction | str,
    confidence: Fraction | str,
) -> tuple[AttributePlan, AttributeSelection]:
    """Re-derive an attribute sample from the public inputs (§2, §3, §4, §9, §10)."""
    population, stream = _open(document, reveal)
    plan = plan_attribute(tolerable_rate, expected_rate, confidence, population.count)
    return plan, select_attribute(population, plan.sample_size, stream)
