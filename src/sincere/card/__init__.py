"""The earned card: the owner's business card, its renderings, and who may receive it.

- :mod:`.model`: the card and the per-recipient marks (pure values);
- :mod:`.render`: vCard 3.0, vCard 4.0, jCard, the QR code and the HTML page, from one model;
- :mod:`.marks`: per-recipient marks derived by HMAC, and tracing a leaked card back.
"""
