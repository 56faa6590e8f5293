"""Rules: what a record must be beyond its model, in one file and across the dataset.

Per record: the values' meaning (`record_values`), numbers written as plain decimals
(`number_spelling`), the figure rule table (`figure_coding`), links inside an article
(`quote_links`), model errors made into located problems (`model_errors`, `date_hints`),
page facts the source must print (`page_facts`).
Once per run: a dataset's own rows of the figure rule table (`rule_rows`).
Across records: words that must name actors (`name_claims`), and ids, references, orphans
and cycles (`cross_record`, `cycles`), the same
rules `verify` and `load` apply to releases. What one file's check hands back
(`file_result`) and the one `Finding` every rule returns before it is located (`findings`).
"""
