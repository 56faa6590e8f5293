"""Rules: what a record must be beyond its model, in one file and across the dataset.

Per record: values (`record_values`), number spelling (`number_spelling`), the figure rule
table (`figure_coding`; a dataset's own rows, once a run: `rule_rows`), links in an article
(`quote_links`), model errors as problems (`model_errors`, `date_hints`), page facts
(`page_facts`). Across records: names (`name_claims`), statements (`statements`), and ids,
references, orphans and cycles (`cross_record`), as `verify` and `load` apply them to
releases. Shared: what one file's check hands back (`file_result`) and `Finding`s (`findings`).
"""
