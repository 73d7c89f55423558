"""reporting views."""
