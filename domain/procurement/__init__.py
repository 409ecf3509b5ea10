"""procurement: public services bought under 政府采购 against the category caps (HRB 第四条（三）（四）, 第十条)."""
