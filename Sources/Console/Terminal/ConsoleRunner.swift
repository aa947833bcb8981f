import Foundation
import Synchronization

/// The UI loop: reads keys, feeds the reducer, runs effects off the loop, and draws frames. It runs on a
/// dedicated thread (ncurses calls stay on it); upstream work runs as tasks whose results come back as
/// events through an inbox the loop drains every poll, so the screen never waits for the network.
public final class ConsoleRunner: Sendable {
    private let backend: any ConsoleBackend
    private let options: ConsoleOptions
    private let inbox = Mutex<[ConsoleEvent]>([])
    private let stopped = Mutex(false)
    /// Set by Esc while a bulk action runs: no further item starts.
    private let bulkStop = Mutex(false)
    /// Items of a bulk action in flight at once (the client's pacer keeps the organization's rate).
    static let bulkParallelism = 4
    /// How often the store's change counter is polled for changes made by other processes.
    static let livePollInterval: Duration = .milliseconds(500)

    public init(backend: any ConsoleBackend, options: ConsoleOptions) {
        self.backend = backend
        self.options = options
    }

    /// Runs the console until the operator quits (or a quit signal), then restores the terminal.
    public func run() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                self.loop()
                self.stopped.withLock { $0 = true }
                continuation.resume()
            }
            thread.stackSize = 4 << 20
            thread.start()
        }
    }

    private func post(_ event: ConsoleEvent) {
        inbox.withLock { $0.append(event) }
    }

    private func loop() {
        let terminal = TerminalAdapter(colors: options.colors, mouse: options.mouse, skin: options.config.skin)
        defer { terminal.stop() }
        let size = terminal.size
        var state = ConsoleState(width: size.width, height: size.height, readOnly: options.readOnly, now: Date())
        if let memory = options.memory { state.memory = memory.load() }
        state.configure(options.config)
        let backend = backend
        let initial = state
        Task.detached { [self] in
            // The first screen from a cheap preview, then everything (the selection follows the record).
            if let preview = try? await backend.preview(rows: 200) {
                post(.prepared(PreparedSnapshot(preview, like: initial)))
            }
            await load(backend, like: initial)
            // Once per session (an upstream call): later loads carry the backend's cached name.
            if let name = await backend.organizationName() { post(.organizationIdentified(name)) }
        }
        watchStore(backend)
        terminal.draw(ConsoleScreen.render(state))
        var lastTick = Date()
        var quitDeadline: Date?
        while true {
            var changed = false
            if terminal.quitRequested, !state.quitting {
                // SIGINT, SIGTERM or SIGHUP: the same path as Ctrl-C, through the reducer.
                execute(ConsoleReducer.reduce(&state, .key(.control("c"))), terminal, state)
            }
            if let key = terminal.nextKey() {
                if key == .resize {
                    terminal.invalidate()
                    let size = terminal.size
                    _ = ConsoleReducer.reduce(&state, .resize(width: size.width, height: size.height))
                } else {
                    execute(ConsoleReducer.reduce(&state, .key(key)), terminal, state)
                }
                changed = true
            }
            let events = inbox.withLock { events in
                defer { events.removeAll() }
                return events
            }
            for event in events { execute(ConsoleReducer.reduce(&state, event), terminal, state) }
            changed = changed || !events.isEmpty
            let now = Date()
            if now.timeIntervalSince(lastTick) >= 0.2 {
                lastTick = now
                execute(ConsoleReducer.reduce(&state, .tick(now)), terminal, state)
                changed = true
            }
            if state.quitting {
                // Let a change in flight finish (and be audited) before the process exits, for up to 30 s.
                guard state.busy != nil else { break }
                let deadline = quitDeadline ?? now.addingTimeInterval(30)
                quitDeadline = deadline
                if now > deadline { break }
            }
            if changed { terminal.draw(ConsoleScreen.render(state)) }
        }
    }

    /// Polls the backend's change counter off the UI loop and posts ``ConsoleEvent/storeChanged`` when another
    /// process (or this one) recorded a change: an operator watches the IdP's pushes arrive without a key.
    private func watchStore(_ backend: any ConsoleBackend) {
        Task.detached { [self] in
            var last = await backend.changeCounter()
            var waiting: Date?
            while !stopped.withLock({ $0 }) {
                try? await Task.sleep(for: Self.livePollInterval)
                let now = await backend.changeCounter()
                if let now, now != last {
                    last = now
                    post(.storeChanged)
                }
                let until = await backend.waitingForRateLimit()
                if until != waiting {
                    waiting = until
                    post(.rateLimitWait(until: until))
                }
            }
        }
    }

    /// Loads the snapshot and sorts, indexes and filters it here, off the UI thread, like `state`'s tables.
    private func load(_ backend: any ConsoleBackend, like state: ConsoleState) async {
        do {
            post(.prepared(PreparedSnapshot(try await backend.load(), like: state)))
        } catch {
            post(.loadFailed("\(error)"))
        }
    }

    private func execute(_ effects: [ConsoleEffect], _ terminal: TerminalAdapter, _ state: ConsoleState) {
        for effect in effects {
            switch effect {
            case .quit: continue
            case .copy(let text): terminal.copyToClipboard(text)
            case .remember(let memory):
                // A history that cannot be kept is not worth interrupting the operator for.
                try? options.memory?.save(memory)
            case .export(let path, let content, let rows):
                // Private to the operator, like everything Scimify writes: the rows name people.
                let written = FileManager.default.createFile(
                    atPath: (path as NSString).expandingTildeInPath, contents: Data(content.utf8),
                    attributes: [.posixPermissions: 0o600])
                post(.exported(path: path, rows: rows, failure: written ? nil : "cannot write the file"))
            case .load:
                let backend = backend
                Task.detached { [self] in await load(backend, like: state) }
            case .stopBulk:
                bulkStop.withLock { $0 = true }
            case .bulk(var job):
                bulkStop.withLock { $0 = false }
                if job.batchID.isEmpty { job.batchID = String(UUID().uuidString.prefix(8)).lowercased() }
                let backend = backend
                Task.detached { [self, job] in
                    let report = await BulkExecutor(parallelism: Self.bulkParallelism).run(
                        job, stopRequested: { self.bulkStop.withLock { $0 } },
                        perform: { await backend.performItem($0, batchID: job.batchID) },
                        progress: { self.post(.bulkProgress(done: $0, total: job.items.count, current: $1)) })
                    post(.bulkFinished(report))
                }
            default:
                let backend = backend
                Task.detached { [self] in
                    var event = await backend.perform(effect) { [self] in post($0) }
                    // A new keys listing gets its Keys view rows named here, off the UI thread.
                    if case .holdingsLoaded(let slug, .loaded(let holdings), nil) = event {
                        event = .holdingsLoaded(
                            slug: slug, .loaded(holdings), keys: PreparedKeyRows(holdings, like: state))
                    }
                    post(event)
                }
            }
        }
    }
}
