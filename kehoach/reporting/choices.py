"""reporting choices."""
