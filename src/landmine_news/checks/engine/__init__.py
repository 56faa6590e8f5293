"""The run: one path for `validate` and `build`.

List the dataset's files, check each once (`file_check`, on worker processes or any
executor: `pool`), answering unchanged files from a small content-keyed result cache
(`result_cache`), feed every file's result to the cross-record checks
once, and locate what they find (`validation`).
"""
