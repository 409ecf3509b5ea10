"""The task force's audit (督察联合工作组, HRB 第十五条; issue 11).

Layers: ``fundtrail`` → ``audit`` → ``projections`` → ``ledger`` → ``domain``. ``audit.sampling`` is the pure,
I/O-free sampling core (docs/sampling.md).
"""
