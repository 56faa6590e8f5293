"""Coverage: the cues of a source that no record covers and no curator reviewed.

The cue words as data (`cue_words`), finding cues in a source (`cues`), an article's
uncovered cues and its review entries (`article_coverage`), the findings as plain data
(`findings`), and the cross-record half that matches name cues against the actors
(`unreviewed`).
"""
