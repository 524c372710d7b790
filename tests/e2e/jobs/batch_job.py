"""A trivial batch job for the end-to-end test, submitted with a version's own SPARK_CONF_DIR.

Writes a managed table through the version's metastore (its own PostgreSQL database) into its own warehouse,
reads it back, and prints `SPARKMV-E2E {...}` with what Spark reports. Usage: spark-submit batch_job.py TABLE
"""
import json
import sys

from pyspark.sql import SparkSession

table = sys.argv[1]
spark = SparkSession.builder.appName(f"sparkmv-e2e-{table}").enableHiveSupport().getOrCreate()
spark.sql(f"DROP TABLE IF EXISTS {table}")
spark.range(0, 1000, 1, 4).selectExpr("id", "id % 7 AS k").write.saveAsTable(table)
rows = spark.sql(f"SELECT count(*) AS n, count(DISTINCT k) AS k FROM {table}").collect()[0]
record = {
    "spark_version": spark.version,
    "app_id": spark.sparkContext.applicationId,
    "master": spark.sparkContext.master,
    "rows": rows["n"],
    "keys": rows["k"],
    "tables": sorted(t.name for t in spark.catalog.listTables()),
}
print("SPARKMV-E2E " + json.dumps(record, sort_keys=True), flush=True)
spark.stop()
