"""Wagtail admin screens of judging (menu "Penjurian"): thin views over judging.services."""
