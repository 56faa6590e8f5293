"""Anchoring: proving that a record's text is in its source, and where.

A quote's or figure's span, occurrence and context, whole characters at its edges
(`spans`), a quote's verb and speaker label in its sentence (`attribution`), and, when
text is not found, the closest passage and how it differs (`closest_passage`) for the hint.
"""
