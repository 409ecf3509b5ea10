"""The versioned parameters of the red-flag rules. A flag names the version it was computed with; changing
any value means a new version string (the old flags stay explained by the old values)."""

from __future__ import annotations

from dataclasses import dataclass

WAN = 1_000_000  # 1万元 in 分


@dataclass(frozen=True)
class Params:
    version: str = "flags-2025.1"
    # R1: just below a bracket breakpoint (25.71万: where the 18万 cap starts to bind; 30万; 80万)
    r1_breakpoints_fen: tuple[int, ...] = (25_714_286, 30 * WAN, 80 * WAN)
    r1_below_band_fen: int = 2 * WAN
    # R9: exactly at a threshold; round: a multiple of the unit; identical across ≥ n enterprises of a provider
    r9_thresholds_fen: tuple[int, ...] = (25_710_000, 25_714_286, 30 * WAN, 80 * WAN)
    r9_round_unit_fen: int = 10 * WAN
    r9_identical_min_enterprises: int = 3
    # R11: one provider's share of a batch's projects or planned money, in basis points (strictly above)
    r11_share_bp: int = 5_000
    r11_min_projects: int = 4
    # R12: a jump of ≥ n levels with an investment below the amount; a baseline already at or above a level
    r12_jump_levels: int = 2
    r12_small_investment_fen: int = 30 * WAN
    r12_high_baseline_level: int = 2
    # R19: two reviewers' points on one criterion differing by more than this share of the higher (bp)
    r19_divergence_bp: int = 3_000


DEFAULT = Params()
