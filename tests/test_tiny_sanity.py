from landmine_news import validate


def test_tiny_dataset_is_valid_and_anchored(tiny):
    from landmine_news.checks.engine.validation import check_dataset as check

    checked = check(tiny)
    assert checked.report.ok, checked.report.problems
    assert checked.report.problems == []
    q1 = checked.dataset.quote("tiny-q1")
    src = (tiny / "sources" / "tiny.txt").read_text(encoding="utf-8")
    assert src[q1.start : q1.end] == "We will act."
    f1 = checked.dataset.figure("tiny-f1")
    assert (f1.start, f1.occurrence) == (src.index("Over 5,000"), 1)
    assert checked.dataset.article("tiny-article").length == len(src)


def test_validate_returns_report(tiny):
    assert validate(tiny).ok
