"""award: provider product awards and lead units' diagnosis awards, 以奖代补 (HRB 第四条（二）（三）2, 第九条)."""
