"""reporting api."""
