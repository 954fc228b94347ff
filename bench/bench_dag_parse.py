"""Parse time of each DAG file beyond Airflow's own import (target: under 0.3 s per file).

    .venv/bin/python bench/bench_dag_parse.py [--repeat N]
Each file is parsed in a fresh interpreter (the dag-processor's situation): `import airflow.sdk`
first, timed apart, then the DagBag of that one file, cold and warm.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

DAGS = Path(__file__).resolve().parents[1] / "dags"

PROBE = """
import json, sys, time
t0 = time.perf_counter()
import airflow.sdk
from airflow.dag_processing.dagbag import DagBag
t1 = time.perf_counter()
bag = DagBag(dag_folder=sys.argv[1])
t2 = time.perf_counter()
DagBag(dag_folder=sys.argv[1])
t3 = time.perf_counter()
print(json.dumps({"airflow": t1 - t0, "cold": t2 - t1, "warm": t3 - t2,
                  "errors": list(bag.import_errors), "dags": sorted(bag.dags)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    env = {
        **os.environ,
        "AIRFLOW_HOME": tempfile.mkdtemp(prefix="crimestats-parse-"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "ERROR",
    }
    print(f"{'file':28} {'airflow import':>15} {'parse (cold)':>13} {'parse (warm)':>13}")
    for path in sorted(DAGS.glob("*.py")):
        runs = []
        for _ in range(args.repeat):
            out = subprocess.run([sys.executable, "-c", PROBE, str(path)], env=env,
                                 capture_output=True, text=True, check=True)  # fmt: skip
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        if runs[0]["errors"]:
            raise SystemExit(f"{path.name}: import errors {runs[0]['errors']}")
        med = {k: statistics.median(r[k] for r in runs) for k in ("airflow", "cold", "warm")}
        print(f"{path.name:28} {med['airflow']:>14.2f}s {med['cold'] * 1000:>11.1f}ms "
              f"{med['warm'] * 1000:>11.1f}ms")  # fmt: skip


if __name__ == "__main__":
    main()
