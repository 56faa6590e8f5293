"""Anchoring: proving that a record's text is in its source, and where.

A quote's or figure's span, occurrence and context (`spans`), a quote's verb and speaker
label in its sentence (`attribution`), whole characters at span edges (`graphemes`), and,
when text is not found, the closest passage and how it differs (`closest_passage`,
`passage_diff`) for the hint.
"""
