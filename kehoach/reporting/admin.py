"""reporting admin."""
