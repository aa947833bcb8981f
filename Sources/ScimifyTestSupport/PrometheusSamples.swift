import Foundation

/// The samples of a Prometheus text exposition, to read one value by name and labels whatever their order
/// or number format. Whole-exposition validity is checked with a real parser (``PrometheusSamples/validate``).
public struct PrometheusSamples: Sendable {
    public struct Sample: Sendable {
        public let name: String
        public let labels: [String: String]
        public let value: Double
    }

    public let samples: [Sample]

    public init(_ text: String) {
        var samples: [Sample] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            let series = line[..<space]
            guard let brace = series.firstIndex(of: "{") else {
                samples.append(Sample(name: String(series), labels: [:], value: value))
                continue
            }
            var labels: [String: String] = [:]
            let body = series[series.index(after: brace)..<(series.lastIndex(of: "}") ?? series.endIndex)]
            for pair in body.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 {
                    labels[String(parts[0])] = String(parts[1]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                }
            }
            samples.append(Sample(name: String(series[..<brace]), labels: labels, value: value))
        }
        self.samples = samples
    }

    /// The value of the one series with `name` whose labels include `labels`.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }?
            .value
    }

    /// Series of a metric family (`name`, and for histograms `name_bucket` etc.).
    public func count(_ name: String) -> Int { samples.filter { $0.name == name }.count }

    /// Whether the Prometheus project's Python parser can be run here (`python3` with `prometheus_client`): a
    /// fresh machine may lack it, and a test that needs it is then skipped with this reason, not failed.
    public static let parserIsInstalled: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", "import prometheus_client.parser"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// Why a test that needs ``validate(_:)`` is skipped when ``parserIsInstalled`` is false.
    public static let parserMissingReason =
        "python3 with prometheus_client is not installed (Debian python3-prometheus-client; .ci/run installs it)"

    /// Parses the whole exposition with the Prometheus project's own Python parser (Debian
    /// `python3-prometheus-client`); returns its complaint, or `nil` when every line parses.
    public static func validate(_ text: String) async throws -> String? {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("metrics.txt")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let script = """
            import sys
            from prometheus_client.parser import text_string_to_metric_families
            families = list(text_string_to_metric_families(open(sys.argv[1], encoding="utf-8").read()))
            print(len(families), sum(len(f.samples) for f in families))
            """
        let run = try await ScimifyProcess.runTool("/usr/bin/python3", ["-c", script, path])
        return run.status == 0 ? nil : run.stderr + run.stdout
    }
}
