"""sincere's web layer: the public card server (``public``), and the local web app (to come)."""
