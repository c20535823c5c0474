"""The permission matrix (issue 12, deliver 4): every URL pattern of the project × every
role, each cell with its expected outcome. ``walk`` and ``unlisted`` enumerate the
resolver; ``world`` builds the objects whose real ids fill the URLs; ``table`` holds the
expected outcomes."""
