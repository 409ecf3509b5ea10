"""The task force's audit records (督察联合工作组, HRB 第十五条): flags, findings and their rectification."""
