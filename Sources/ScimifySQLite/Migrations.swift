import GRDB

/// The schema, as versioned migrations. Never edit a shipped migration; add a new one.
enum Migrations {
    /// Names in order; tests migrate up to each of them.
    static let names = [
        "v1-core", "v2-audit-idp-request-id", "v3-scim-resource", "v4-console-order", "v5-one-truth",
        "v6-removal-guard", "v7-audit-batch", "v8-record-link-index", "v9-offboarding-keys",
        "v10-audit-requested-change", "v11-request-log",
    ]

    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-core") { db in
            try db.execute(
                sql: """
                    CREATE TABLE instance (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        slug TEXT NOT NULL UNIQUE,
                        name TEXT NOT NULL,
                        api_base_url TEXT NOT NULL,
                        key_sealed BLOB NOT NULL,
                        scim_token_hash BLOB NOT NULL,
                        mode TEXT NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE TABLE scim_record (
                        id TEXT PRIMARY KEY,
                        instance_id INTEGER NOT NULL REFERENCES instance(id) ON DELETE CASCADE,
                        user_name TEXT NOT NULL,
                        user_name_key TEXT NOT NULL,
                        external_id TEXT,
                        given_name TEXT,
                        family_name TEXT,
                        display_name TEXT,
                        emails TEXT NOT NULL DEFAULT '[]',
                        active INTEGER NOT NULL,
                        requested_role TEXT,
                        member_id TEXT,
                        invite_id TEXT,
                        removed_outside INTEGER NOT NULL DEFAULT 0,
                        source TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        version INTEGER NOT NULL DEFAULT 1,
                        UNIQUE (instance_id, user_name_key)
                    );
                    CREATE INDEX scim_record_member ON scim_record(instance_id, member_id);
                    CREATE TABLE mirror_member (
                        instance_id INTEGER NOT NULL REFERENCES instance(id) ON DELETE CASCADE,
                        id TEXT NOT NULL,
                        email TEXT NOT NULL,
                        name TEXT NOT NULL,
                        role TEXT NOT NULL,
                        added_at REAL NOT NULL,
                        PRIMARY KEY (instance_id, id)
                    );
                    CREATE TABLE mirror_invite (
                        instance_id INTEGER NOT NULL REFERENCES instance(id) ON DELETE CASCADE,
                        id TEXT NOT NULL,
                        email TEXT NOT NULL,
                        role TEXT NOT NULL,
                        status TEXT NOT NULL,
                        invited_at REAL NOT NULL,
                        expires_at REAL NOT NULL,
                        accepted_at REAL,
                        PRIMARY KEY (instance_id, id)
                    );
                    CREATE TABLE mirror_state (
                        instance_id INTEGER PRIMARY KEY REFERENCES instance(id) ON DELETE CASCADE,
                        refreshed_at REAL NOT NULL,
                        member_count INTEGER NOT NULL,
                        invite_count INTEGER NOT NULL
                    );
                    CREATE TABLE audit_event (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at REAL NOT NULL,
                        instance_id INTEGER,
                        instance_slug TEXT,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        target_email TEXT,
                        outcome TEXT NOT NULL,
                        request_ids TEXT NOT NULL DEFAULT '',
                        detail TEXT NOT NULL
                    );
                    CREATE TABLE intent (
                        id TEXT PRIMARY KEY,
                        instance_id INTEGER NOT NULL REFERENCES instance(id) ON DELETE CASCADE,
                        email TEXT NOT NULL,
                        old_invite_id TEXT NOT NULL,
                        old_role TEXT NOT NULL,
                        new_role TEXT NOT NULL,
                        created_at REAL NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v2-audit-idp-request-id") { db in
            try db.execute(
                sql: """
                    ALTER TABLE audit_event ADD COLUMN idp_request_id TEXT;
                    CREATE INDEX audit_event_at ON audit_event(at);
                    CREATE INDEX audit_event_instance_at ON audit_event(instance_id, at);
                    """
            )
        }
        migrator.registerMigration("v3-scim-resource") { db in
            try db.execute(
                sql: """
                    ALTER TABLE scim_record ADD COLUMN resource TEXT;
                    CREATE INDEX scim_record_order ON scim_record(instance_id, created_at, id);
                    """
            )
        }
        // The console's first screen reads the first rows in its default orders without sorting the mirror.
        migrator.registerMigration("v4-console-order") { db in
            try db.execute(
                sql: """
                    CREATE INDEX mirror_member_email ON mirror_member(instance_id, lower(email));
                    CREATE INDEX mirror_invite_invited ON mirror_invite(instance_id, invited_at);
                    """
            )
        }
        // One truth: records are found by the address Claude knows (not only userName), know whether an IdP
        // pushed them, intents carry the email's change generation and a state, and generations are counted.
        migrator.registerMigration("v5-one-truth") { db in
            try db.execute(
                sql: """
                    ALTER TABLE scim_record ADD COLUMN email_key TEXT;
                    ALTER TABLE scim_record ADD COLUMN provisioned_email TEXT;
                    ALTER TABLE scim_record ADD COLUMN pushed_at REAL;
                    UPDATE scim_record SET email_key = user_name_key;
                    UPDATE scim_record SET pushed_at = updated_at WHERE source = 'scim';
                    CREATE INDEX scim_record_email ON scim_record(instance_id, email_key);
                    CREATE INDEX mirror_invite_email ON mirror_invite(instance_id, lower(email));
                    ALTER TABLE intent ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE intent ADD COLUMN state TEXT NOT NULL DEFAULT 'open';
                    ALTER TABLE intent ADD COLUMN reason TEXT;
                    ALTER TABLE intent ADD COLUMN request_ids TEXT NOT NULL DEFAULT '';
                    ALTER TABLE intent ADD COLUMN state_at REAL;
                    CREATE TABLE email_generation (
                        instance_id INTEGER NOT NULL REFERENCES instance(id) ON DELETE CASCADE,
                        email_key TEXT NOT NULL,
                        generation INTEGER NOT NULL,
                        PRIMARY KEY (instance_id, email_key)
                    );
                    CREATE TABLE email_unconfirmed (
                        instance_id INTEGER NOT NULL REFERENCES instance(id) ON DELETE CASCADE,
                        email_key TEXT NOT NULL,
                        since REAL NOT NULL,
                        PRIMARY KEY (instance_id, email_key)
                    );
                    """
            )
        }
        // The mass-removal guard: a policy per instance, the removal slots taken in the window, and held removals.
        migrator.registerMigration("v6-removal-guard") { db in
            try db.execute(
                sql: """
                    ALTER TABLE instance ADD COLUMN guard_max_removals INTEGER NOT NULL DEFAULT 10;
                    ALTER TABLE instance ADD COLUMN guard_window_minutes INTEGER NOT NULL DEFAULT 60;
                    ALTER TABLE instance ADD COLUMN header_color TEXT NOT NULL DEFAULT 'default';
                    CREATE TABLE removal_slot (
                        instance_id INTEGER NOT NULL REFERENCES instance(id) ON DELETE CASCADE,
                        at REAL NOT NULL
                    );
                    CREATE INDEX removal_slot_at ON removal_slot(instance_id, at);
                    CREATE TABLE held_removal (
                        id TEXT PRIMARY KEY,
                        instance_id INTEGER NOT NULL REFERENCES instance(id) ON DELETE CASCADE,
                        email TEXT NOT NULL,
                        email_key TEXT NOT NULL,
                        held_at REAL NOT NULL,
                        idp_request_id TEXT,
                        reason TEXT NOT NULL,
                        UNIQUE (instance_id, email_key)
                    );
                    CREATE TABLE problem_dismissal (
                        instance_id INTEGER NOT NULL REFERENCES instance(id) ON DELETE CASCADE,
                        problem_id TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        at REAL NOT NULL,
                        PRIMARY KEY (instance_id, problem_id)
                    );
                    """
            )
        }
        // Bulk actions from the console: every item's audit row carries the batch's id.
        migrator.registerMigration("v7-audit-batch") { db in
            try db.execute(sql: "ALTER TABLE audit_event ADD COLUMN batch_id TEXT")
        }
        // Refresh links records from an index that holds every column it reads: the table's rows carry the
        // whole SCIM resource, so scanning them for 100,000 records read pages of JSON nobody looks at. The
        // new index starts with (instance_id, email_key), so the old one on those columns goes.
        migrator.registerMigration("v8-record-link-index") { db in
            try db.execute(
                sql: """
                    CREATE INDEX scim_record_link
                        ON scim_record(instance_id, email_key, id, member_id, invite_id, active, removed_outside);
                    DROP INDEX scim_record_email;
                    """
            )
        }
        // What a SCIM removal does with the person's API keys (issue 12): report (default) or deactivate.
        migrator.registerMigration("v9-offboarding-keys") { db in
            try db.execute(sql: "ALTER TABLE instance ADD COLUMN offboarding_keys TEXT NOT NULL DEFAULT 'report'")
        }
        // What a failed change asked Claude for (issue 21), so `problems retry` re-sends exactly that.
        migrator.registerMigration("v10-audit-requested-change") { db in
            try db.execute(sql: "ALTER TABLE audit_event ADD COLUMN requested_change TEXT")
        }
        // The SCIM request log (issue 23): every request `serve` answered, redacted, pruned by retention.
        migrator.registerMigration("v11-request-log") { db in
            try db.execute(
                sql: """
                    CREATE TABLE scim_request (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at REAL NOT NULL,
                        instance_id INTEGER REFERENCES instance(id) ON DELETE CASCADE,
                        instance_slug TEXT,
                        method TEXT NOT NULL,
                        route TEXT NOT NULL,
                        path TEXT NOT NULL,
                        status INTEGER NOT NULL,
                        latency_ms REAL NOT NULL,
                        idp_request_id TEXT,
                        person TEXT,
                        person_key TEXT,
                        outcome TEXT NOT NULL,
                        problem TEXT,
                        anthropic_request_ids TEXT NOT NULL,
                        request_headers TEXT NOT NULL,
                        request_body TEXT NOT NULL,
                        response_body TEXT NOT NULL
                    );
                    CREATE INDEX scim_request_instance ON scim_request(instance_id, id);
                    CREATE INDEX scim_request_instance_at ON scim_request(instance_id, at);
                    CREATE INDEX scim_request_person ON scim_request(person_key, id);
                    """
            )
        }
        return migrator
    }
}
