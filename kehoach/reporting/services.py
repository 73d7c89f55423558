"""reporting services."""
