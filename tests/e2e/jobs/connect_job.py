"""A trivial Spark Connect session for the end-to-end test, against the stack's 4.1 Connect server.

Writes a managed table through the server's metastore (the 4.1 PostgreSQL database), reads it back, and prints
`SPARKMV-E2E {...}`. Run with the Connect client's Python (pyspark-client): python connect_job.py PORT TABLE
"""
import json
import sys

from pyspark.sql import SparkSession

port, table = int(sys.argv[1]), sys.argv[2]
spark = SparkSession.builder.remote(f"sc://127.0.0.1:{port}").getOrCreate()
spark.addTag("sparkmv-e2e")
spark.sql(f"DROP TABLE IF EXISTS {table}")
spark.range(0, 1000, 1, 4).selectExpr("id", "id % 7 AS k").write.saveAsTable(table)
rows = spark.sql(f"SELECT count(*) AS n, count(DISTINCT k) AS k FROM {table}").collect()[0]
record = {
    "spark_version": spark.version,
    "app_id": spark.conf.get("spark.app.id"),
    "rows": rows["n"],
    "keys": rows["k"],
    "tables": sorted(t.name for t in spark.catalog.listTables()),
}
print("SPARKMV-E2E " + json.dumps(record, sort_keys=True), flush=True)
spark.stop()
