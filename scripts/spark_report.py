"""The Spark report as a spark-submit job: ``python -m crm_core report PATH --engine spark …`` in the job's driver.

    python -m zipfile -c crm_core.zip crm_core            # crm_core, its SQL files included, for --py-files
    spark-submit --master URL --py-files crm_core.zip scripts/spark_report.py PATH --out DIR [report options]

The SparkSession is the job's (its master and settings); ``--py-files`` puts crm_core on the driver's and the
executors' path (the executors run crm_core's functions in the pandas UDFs; they need requirements.txt's
packages installed). Exit status as the command line's: 0, or 2 with a specific message.
"""

import sys

from crm_core.cli import main

if __name__ == "__main__":
    sys.exit(main(["report", *sys.argv[1:], "--engine", "spark"]))
