"""Reading: from files on disk to plain values with positions, refusing what is unsafe.

Which entries of a dataset folder are record files (`dataset_folder`), reading bytes
safely (`files`), the source texts (`source_texts`), YAML parsed into plain values with
every refusal located (`yaml_reader`, its fast path `yaml_fast`), field paths
(`field_paths`) and where they sit in a file (`positions`), and text values that
swallowed record structure (`swallowed_structure`).
"""
