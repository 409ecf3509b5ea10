"""performance: targets, "双监控" monitoring, evaluation and result application (HRB 第十二–十四条)."""
