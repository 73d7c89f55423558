"""reporting forms."""
