"""The Heilongjiang benchmark-enterprise award (省级示范标杆企业奖励, 黑工信企业联规〔2024〕19号)."""
