"""Agencies, service units and innovation profiles (see issue: Innovations)."""
