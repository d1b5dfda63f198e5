// `make bench`: each benchmark times feedd's code against a baseline over the same input in the same run.
print("feedd-bench: no benchmarks yet")
runIngestBenchmark()
