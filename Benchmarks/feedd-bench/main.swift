// `feedd-bench [NAME|all]`: each benchmark times feedd's code against a baseline over the same input
// in the same run, and prints both with their ratio.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let usage = "usage: feedd-bench [" + (Benchmark.allCases.map(\.rawValue) + ["all"]).joined(separator: "|") + "]"

guard arguments.count <= 1 else {
    FileHandle.standardError.write(Data((usage + "\n").utf8))
    exit(2)
}
let requested = arguments.first ?? "all"
if requested == "-h" || requested == "--help" {
    print(usage)
    exit(0)
}
let selected: [Benchmark]
if requested == "all" {
    selected = Benchmark.allCases
} else if let benchmark = Benchmark(rawValue: requested) {
    selected = [benchmark]
} else {
    FileHandle.standardError.write(Data("feedd-bench: no benchmark named \(requested)\n\(usage)\n".utf8))
    exit(2)
}

var failed = false
for benchmark in selected where !benchmark.run() { failed = true }
exit(failed ? 1 : 0)
