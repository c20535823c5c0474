"""The unit workspace (/ruang-kerja/): operators write proposals, agency admins review them."""
