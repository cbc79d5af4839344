"""Tests of the live Solara view (viz/)."""
