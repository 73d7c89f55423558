"""reporting models."""
