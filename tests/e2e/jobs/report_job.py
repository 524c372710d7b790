"""A small production-like batch job for the migration end-to-end test (the same file runs on 3.5 and 4.1).

Aggregates generated orders and writes the report as Parquet: to the location in spark.sparkmv.output when
`sparkmv migrate trial` runs it in shadow, else to its production location (the first argument).
"""
import sys

from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("report-job").getOrCreate()
output = spark.conf.get("spark.sparkmv.output", sys.argv[1])
orders = spark.range(0, 200000, 1, 4).selectExpr("id", "id % 50 AS customer", "CAST(id % 997 AS DOUBLE) AS amount")
report = orders.groupBy("customer").agg({"amount": "sum", "id": "count"})
report.write.mode("overwrite").parquet(output)
print("rows", spark.read.parquet(output).count(), flush=True)
spark.stop()
