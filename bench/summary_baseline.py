"""Python baseline for `sparkmv events summary`: the same run totals with json.loads, one line at a time.

Usage: python3 bench/summary_baseline.py LOG   (an uncompressed single-file log). Prints the totals as JSON.
"""
import json
import sys


def main(path):
    jobs = stages = tasks = failed = 0
    cpu = run = gc = shuffle_read = shuffle_write = input_bytes = output_bytes = spill = peak = 0
    first = last = 0
    with open(path, "rb") as f:
        for line in f:
            e = json.loads(line)
            kind = e["Event"]
            if kind == "SparkListenerTaskEnd":
                tasks += 1
                failed += e["Task Info"].get("Failed", False)
                m = e.get("Task Metrics")
                if m:
                    cpu += m["Executor CPU Time"]
                    run += m["Executor Run Time"]
                    gc += m["JVM GC Time"]
                    r = m["Shuffle Read Metrics"]
                    shuffle_read += r["Remote Bytes Read"] + r["Local Bytes Read"]
                    shuffle_write += m["Shuffle Write Metrics"]["Shuffle Bytes Written"]
                    input_bytes += m["Input Metrics"]["Bytes Read"]
                    output_bytes += m["Output Metrics"]["Bytes Written"]
                    spill += m["Memory Bytes Spilled"] + m["Disk Bytes Spilled"]
                    peak = max(peak, m["Peak Execution Memory"])
            elif kind == "SparkListenerJobStart":
                jobs += 1
                first = first or e["Submission Time"]
            elif kind == "SparkListenerJobEnd":
                last = max(last, e["Completion Time"])
            elif kind == "SparkListenerStageCompleted":
                stages += 1
    print(json.dumps({"jobs": jobs, "stages": stages, "tasks": tasks, "failed_tasks": failed,
                      "executor_cpu_time_ns": cpu, "executor_run_time_ms": run, "gc_time_ms": gc,
                      "shuffle_read_bytes": shuffle_read, "shuffle_write_bytes": shuffle_write,
                      "input_bytes": input_bytes, "output_bytes": output_bytes, "spill_bytes": spill,
                      "peak_execution_memory": peak, "wall_ms": max(0, last - first)}))


if __name__ == "__main__":
    main(sys.argv[1])
