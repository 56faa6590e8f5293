"""Report: problems as data, and how they are shown.

`Problem` and `Report` with their stable codes and hints (`problems`), rendered as text,
JSON or CI annotations (`render`), every string made safe to print first (`escaping`).
"""
