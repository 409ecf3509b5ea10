"""procurement: public services bought under 政府采购 against the category caps (HRB 第四条（三）（四）, 第十条).

What is bought: the promotion centre (第四条（三）1, ≤ 1020万), training (（三）3, ≤ 70万), industry route
planning (（三）4, ≤ 120万), tracking monitoring and acceptance evaluation (第四条（四）, ≤ 400万). The
diagnosis award (（三）2) is 以奖代补 (第九条) and belongs to the award feature.

Choices, as a 市工信局 / 市财政局 user would expect them:

- *One procurement item = one notice (and lot).* A category may hold several items (route planning per
  pilot industry, monitoring in lots); each notice-and-lot, contract number and file (content hash) is
  used once in the ledger (``ProcurementClaim``, FT-PCM-REUSE).
- *The order of the procurement law* (第十条 → 政府采购法): notice → award (中标 after a tender, 成交
  otherwise) → contract → acceptances → payments; an item is cancelled (废标 / 终止) only before its
  contract. Business dates follow the same order under FT-DATE.
- *Budget first* (政府采购法 第六条): a notice needs the category's budget line and its budget must fit
  what the line and the category cap leave uncommitted; nothing is reserved by a notice (a failed
  procurement would otherwise hold money). The award is within the notice's budget.
- *The contract commits.* Its amount is the award's (a framework agreement's at most that) and is
  committed on the category's ``BudgetLine`` under ``procurement:<id>`` in the same command, so two
  racing contracts of one category conflict on the line and the loser is judged again against the
  winner's commitment (FT-PCM-CAP: min(line uncommitted, category cap of the active policy version −
  committed); the line itself lies within the 20% outside the 80% earmark, so both limits hold).
- *Amendments (变更)* give a reason and the new amount: raises together ≤ 10% of the original contract
  (政府采购法 第四十九条) and committed like the contract; a reduction never goes below what is accepted
  or paid and releases the difference on the line. A contract signed more than 30 days after the award
  (第四十六条) is recorded with a WARN, not refused: the ledger records what happened.
- *Deliverables* are accepted by 市工信局 (HRB 第三条（一）) with the report's hash and the amount the
  contract pays for them; a failed acceptance is recorded and may be followed by a passing one. Passed
  deliverables never exceed the contract amount.
- *Payments* are 市财政局's: only against a passed deliverable, never above its unpaid amount nor the
  contract in total, each with a bank serial claimed once in the whole ledger (``BankSerialClaim``,
  shared with subsidy payments and recoveries).
- *Support mode* ``government_procurement`` (政府采购, HRB 第七条) is recorded on the notice, the award
  and the contract; the references of 第十条 (method, notice reference and date, award reference,
  supplier USCC, contract number and hash) are required fields.
- *Validity* (第十八条, A23): no new notice, contract or raise after the measures' end without a
  registered successor policy; acceptances, reductions and payments of what was contracted continue.
"""
