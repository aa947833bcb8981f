import Foundation
import Synchronization

/// What the server answered one request, kept while it is served for its request-log row:
/// ``SCIMResponses`` writes each body it builds here, and an error's detail.
final class ResponseCapture: Sendable {
    @TaskLocal static var current: ResponseCapture?

    private struct Answer {
        var body = Data()
        var problem: String?
    }

    private let answer = Mutex(Answer())

    func keep(body: Data) { answer.withLock { $0.body = body } }

    func keep(problem: String) { answer.withLock { $0.problem = problem } }

    var body: Data { answer.withLock { $0.body } }
    var problem: String? { answer.withLock { $0.problem } }
}
