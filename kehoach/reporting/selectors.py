"""reporting selectors."""
