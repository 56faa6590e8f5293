"""Stage 2, the checks: from files on disk to validated records and `Problem`s.

Safe file reading (`files`), YAML parsing (`yaml_fast`, then `yaml_reader`), positions
(`positions`), anchoring (`anchoring`, `passages`), the per-file stage (`record_file`,
`sources`, `model_errors`), cross-record checks (`cross_record`), the parallel map
(`parallel`) and the orchestration (`validation`). Depends only on `models`.
"""

from .problems import CODES, Problem, Report
from .validation import Checked, check_dataset, validate

__all__ = ["CODES", "Checked", "Problem", "Report", "check_dataset", "validate"]
