"""Runs the statements of a SQL text one by one and prints each result row tab-separated, as spark-sql does.

Over Spark Connect:  python3 sql_job.py --remote sc://HOST:15002 --sql TEXT
As a batch driver:   spark-submit sql_job.py --sql TEXT
"""
import argparse

from pyspark.sql import SparkSession


def statements(text):
    lines = [line for line in text.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--remote")
    parser.add_argument("--sql", required=True)
    args = parser.parse_args()
    builder = SparkSession.builder
    spark = (builder.remote(args.remote) if args.remote else builder.enableHiveSupport()).getOrCreate()
    for statement in statements(args.sql):
        for row in spark.sql(statement).collect():
            print("\t".join(str(value) for value in row), flush=True)
    print(f"spark version {spark.version}", flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
