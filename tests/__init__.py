"""Tests for the Hotel Lock integration."""
