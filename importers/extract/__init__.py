"""Extraction stages: entities, offices and borders (context), statements, events."""
