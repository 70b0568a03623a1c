"""Helpers that open report pages in headless Debian Chromium (driven by Playwright)."""
