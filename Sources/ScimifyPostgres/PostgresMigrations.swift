import Logging
import PostgresNIO

/// The PostgreSQL schema as versioned migrations, applied in one transaction under an advisory lock so two
/// replicas starting together never apply one twice. Never edit a shipped migration; add a new one.
enum PostgresMigrations {
    /// Names in order, with their statements.
    static let all: [(name: String, statements: [PostgresQuery])] = [
        (
            "v1-shared-pacer",
            [
                """
                CREATE TABLE scimify_pacer (
                    organization TEXT PRIMARY KEY,
                    tokens DOUBLE PRECISION NOT NULL,
                    updated_at TIMESTAMPTZ NOT NULL
                )
                """
            ]
        ),
        (
            "v2-intents",
            [
                """
                CREATE TABLE scimify_intent (
                    id TEXT PRIMARY KEY,
                    instance_id BIGINT NOT NULL,
                    email TEXT NOT NULL,
                    old_invite_id TEXT NOT NULL,
                    old_role TEXT NOT NULL,
                    new_role TEXT NOT NULL,
                    created_at DOUBLE PRECISION NOT NULL,
                    generation BIGINT NOT NULL DEFAULT 0,
                    state TEXT NOT NULL DEFAULT 'open',
                    reason TEXT,
                    request_ids TEXT NOT NULL DEFAULT '',
                    state_at DOUBLE PRECISION
                )
                """,
                "CREATE INDEX scimify_intent_state ON scimify_intent (instance_id, state, created_at)",
                """
                CREATE TABLE scimify_email_generation (
                    instance_id BIGINT NOT NULL,
                    email_key TEXT NOT NULL,
                    generation BIGINT NOT NULL,
                    PRIMARY KEY (instance_id, email_key)
                )
                """,
            ]
        ),
        (
            "v3-removal-guard",
            [
                """
                CREATE TABLE scimify_removal_slot (
                    instance_id BIGINT NOT NULL,
                    at DOUBLE PRECISION NOT NULL
                )
                """,
                "CREATE INDEX scimify_removal_slot_at ON scimify_removal_slot (instance_id, at)",
                """
                CREATE TABLE scimify_held_removal (
                    id TEXT PRIMARY KEY,
                    instance_id BIGINT NOT NULL,
                    email TEXT NOT NULL,
                    email_key TEXT NOT NULL,
                    held_at DOUBLE PRECISION NOT NULL,
                    idp_request_id TEXT,
                    reason TEXT NOT NULL,
                    UNIQUE (instance_id, email_key)
                )
                """,
            ]
        ),
        (
            "v4-instances",
            [
                """
                CREATE TABLE scimify_instance (
                    id BIGSERIAL PRIMARY KEY,
                    slug TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    api_base_url TEXT NOT NULL,
                    key_sealed BYTEA NOT NULL,
                    scim_token_hash BYTEA NOT NULL,
                    mode TEXT NOT NULL,
                    created_at DOUBLE PRECISION NOT NULL,
                    guard_max_removals INTEGER NOT NULL DEFAULT 10,
                    guard_window_minutes INTEGER NOT NULL DEFAULT 60,
                    header_color TEXT NOT NULL DEFAULT 'default'
                )
                """
            ]
        ),
        (
            "v5-records",
            [
                """
                CREATE TABLE scimify_record (
                    id TEXT PRIMARY KEY,
                    instance_id BIGINT NOT NULL REFERENCES scimify_instance(id) ON DELETE CASCADE,
                    user_name TEXT NOT NULL,
                    user_name_key TEXT NOT NULL,
                    external_id TEXT,
                    given_name TEXT,
                    family_name TEXT,
                    display_name TEXT,
                    emails TEXT[] NOT NULL DEFAULT '{}',
                    active BOOLEAN NOT NULL,
                    requested_role TEXT,
                    member_id TEXT,
                    invite_id TEXT,
                    removed_outside BOOLEAN NOT NULL DEFAULT FALSE,
                    source TEXT NOT NULL,
                    created_at DOUBLE PRECISION NOT NULL,
                    updated_at DOUBLE PRECISION NOT NULL,
                    version BIGINT NOT NULL DEFAULT 1,
                    resource TEXT,
                    email_key TEXT NOT NULL,
                    provisioned_email TEXT,
                    pushed_at DOUBLE PRECISION,
                    UNIQUE (instance_id, user_name_key)
                )
                """,
                "CREATE INDEX scimify_record_email ON scimify_record (instance_id, email_key)",
                "CREATE INDEX scimify_record_order ON scimify_record (instance_id, created_at, id)",
                "CREATE INDEX scimify_record_member ON scimify_record (instance_id, member_id)",
            ]
        ),
        (
            "v6-audit",
            [
                """
                CREATE TABLE scimify_audit_event (
                    id BIGSERIAL PRIMARY KEY,
                    at DOUBLE PRECISION NOT NULL,
                    instance_id BIGINT,
                    instance_slug TEXT,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target_email TEXT,
                    outcome TEXT NOT NULL,
                    request_ids TEXT[] NOT NULL DEFAULT '{}',
                    detail TEXT NOT NULL,
                    idp_request_id TEXT,
                    batch_id TEXT
                )
                """,
                "CREATE INDEX scimify_audit_event_at ON scimify_audit_event (at)",
                "CREATE INDEX scimify_audit_event_instance_at ON scimify_audit_event (instance_id, at)",
                "CREATE INDEX scimify_audit_event_batch ON scimify_audit_event (batch_id) WHERE batch_id IS NOT NULL",
            ]
        ),
        (
            "v7-mirror",
            [
                """
                CREATE TABLE scimify_mirror_member (
                    instance_id BIGINT NOT NULL REFERENCES scimify_instance(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    email TEXT NOT NULL,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    added_at DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (instance_id, id)
                )
                """,
                "CREATE INDEX scimify_mirror_member_email ON scimify_mirror_member (instance_id, lower(email))",
                """
                CREATE TABLE scimify_mirror_invite (
                    instance_id BIGINT NOT NULL REFERENCES scimify_instance(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    email TEXT NOT NULL,
                    role TEXT NOT NULL,
                    status TEXT NOT NULL,
                    invited_at DOUBLE PRECISION NOT NULL,
                    expires_at DOUBLE PRECISION NOT NULL,
                    accepted_at DOUBLE PRECISION,
                    PRIMARY KEY (instance_id, id)
                )
                """,
                "CREATE INDEX scimify_mirror_invite_email ON scimify_mirror_invite (instance_id, lower(email))",
                """
                CREATE TABLE scimify_mirror_state (
                    instance_id BIGINT PRIMARY KEY REFERENCES scimify_instance(id) ON DELETE CASCADE,
                    refreshed_at DOUBLE PRECISION NOT NULL,
                    member_count BIGINT NOT NULL,
                    invite_count BIGINT NOT NULL
                )
                """,
            ]
        ),
        (
            "v8-unconfirmed",
            [
                """
                CREATE TABLE scimify_email_unconfirmed (
                    instance_id BIGINT NOT NULL,
                    email_key TEXT NOT NULL,
                    since DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (instance_id, email_key)
                )
                """
            ]
        ),
        (
            "v9-problem-dismissals",
            [
                """
                CREATE TABLE scimify_problem_dismissal (
                    instance_id BIGINT NOT NULL,
                    problem_id TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    at DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (instance_id, problem_id)
                )
                """
            ]
        ),
        (
            "v10-offboarding-keys",
            ["ALTER TABLE scimify_instance ADD COLUMN offboarding_keys TEXT NOT NULL DEFAULT 'report'"]
        ),
        (
            "v11-audit-requested-change",
            ["ALTER TABLE scimify_audit_event ADD COLUMN requested_change TEXT"]
        ),
        (
            "v12-request-log",
            [
                """
                CREATE TABLE scimify_scim_request (
                    id BIGSERIAL PRIMARY KEY,
                    at DOUBLE PRECISION NOT NULL,
                    instance_id BIGINT REFERENCES scimify_instance(id) ON DELETE CASCADE,
                    instance_slug TEXT,
                    method TEXT NOT NULL,
                    route TEXT NOT NULL,
                    path TEXT NOT NULL,
                    status INTEGER NOT NULL,
                    latency_ms DOUBLE PRECISION NOT NULL,
                    idp_request_id TEXT,
                    person TEXT,
                    person_key TEXT,
                    outcome TEXT NOT NULL,
                    problem TEXT,
                    anthropic_request_ids TEXT[] NOT NULL DEFAULT '{}',
                    request_headers TEXT NOT NULL,
                    request_body TEXT NOT NULL,
                    response_body TEXT NOT NULL
                )
                """,
                "CREATE INDEX scimify_scim_request_instance ON scimify_scim_request (instance_id, id)",
                "CREATE INDEX scimify_scim_request_instance_at ON scimify_scim_request (instance_id, at)",
                "CREATE INDEX scimify_scim_request_person ON scimify_scim_request (person_key, id)",
            ]
        ),
    ]

    static var names: [String] { all.map(\.name) }

    static func apply(_ client: PostgresClient, logger: Logger) async throws {
        try await client.transaction(logger: logger) { connection in
            try await connection.run(
                "SELECT pg_advisory_xact_lock(hashtextextended('scimify-migrations', 0))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS scimify_migration (
                    name TEXT PRIMARY KEY,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
                )
                """, logger: logger)
            var applied = Set<String>()
            for try await name in try await connection.query("SELECT name FROM scimify_migration", logger: logger)
                .decode(String.self)
            {
                applied.insert(name)
            }
            for migration in all where !applied.contains(migration.name) {
                for statement in migration.statements { try await connection.query(statement, logger: logger) }
                try await connection.query(
                    "INSERT INTO scimify_migration (name) VALUES (\(migration.name))", logger: logger)
            }
        }
    }

    static func applied(_ client: PostgresClient, logger: Logger) async throws -> [String] {
        var names: [String] = []
        let rows = try await client.query(
            "SELECT name FROM scimify_migration ORDER BY applied_at, name", logger: logger)
        for try await name in rows.decode(String.self) { names.append(name) }
        return names
    }
}
