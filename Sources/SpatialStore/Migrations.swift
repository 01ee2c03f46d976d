import SpatialCore

/// The store's schema, as an ordered list of migrations. `PRAGMA user_version` holds the version reached.
///
/// A migration runs inside the transaction that records its audit row, so a store is never half-migrated.
/// Never edit a shipped migration; append a new one.
enum Migrations {
    struct Migration {
        let version: Int
        let summary: String
        let statements: [String]
    }

    static var latestVersion: Int { all.last!.version }

    static let all: [Migration] = [
        Migration(version: 1, summary: "layers, ledgers, audit", statements: version1()),
        Migration(version: 2, summary: "road_overrides: live closures and speed factors", statements: version2()),
        Migration(version: 3, summary: "dispatch: unit_events, assignment recommendation and per-unit times", statements: version3()),
        Migration(version: 4, summary: "sensor series: metadata, hourly roll-ups, ingest runs", statements: version4()),
        Migration(version: 5, summary: "incident_hazard_zones: model footprints of an incident's hazard assessments", statements: version5()),
    ]

    /// Hazard zones of incidents (issues 4 and 8): the red / orange / yellow footprints of each model run fed into an
    /// incident (`beacon hazard … --incident`), with the model, its caveats and validity notes, the assessment time and
    /// the audit row. History is kept: a newer assessment marks the incident's current rows superseded (the audit seq
    /// of the write that replaced them) and adds its own; rows are never deleted and nothing else in them changes.
    /// The geometry is a registered MULTIPOLYGON (4326) with an R*Tree index, so QGIS and SpatiaLite open it as a layer.
    private static func version5() -> [String] {
        let frozen = ["incident_id", "level", "model", "threshold", "threshold_unit", "meaning", "reach_m", "width_m", "area_m2",
                      "caveats", "validity", "assessed_at", "audit_seq", "geom"].joined(separator: ", ")
        return [
            """
            CREATE TABLE incident_hazard_zones (id INTEGER PRIMARY KEY, incident_id TEXT NOT NULL,
              level TEXT NOT NULL CHECK (level IN ('red', 'orange', 'yellow')), model TEXT NOT NULL,
              threshold REAL NOT NULL, threshold_unit TEXT NOT NULL, meaning TEXT NOT NULL,
              reach_m REAL NOT NULL CHECK (reach_m >= 0), width_m REAL NOT NULL CHECK (width_m >= 0), area_m2 REAL NOT NULL CHECK (area_m2 >= 0),
              caveats TEXT NOT NULL DEFAULT '[]', validity TEXT NOT NULL DEFAULT '[]', assessed_at TEXT NOT NULL,
              audit_seq INTEGER NOT NULL, superseded_seq INTEGER)
            """,
            "SELECT AddGeometryColumn('incident_hazard_zones', 'geom', 4326, 'MULTIPOLYGON', 'XY', 1)",
            "SELECT CreateSpatialIndex('incident_hazard_zones', 'geom')",
            "CREATE INDEX incident_hazard_zones_current ON incident_hazard_zones(incident_id, superseded_seq)",
            "CREATE TRIGGER incident_hazard_zones_no_delete BEFORE DELETE ON incident_hazard_zones BEGIN SELECT RAISE(ABORT, 'incident hazard zones are superseded, never deleted'); END",
            "CREATE TRIGGER incident_hazard_zones_frozen BEFORE UPDATE OF \(frozen) ON incident_hazard_zones BEGIN SELECT RAISE(ABORT, 'incident hazard zones are append-only; store a new assessment'); END",
            "CREATE TRIGGER incident_hazard_zones_supersede_once BEFORE UPDATE OF superseded_seq ON incident_hazard_zones WHEN OLD.superseded_seq IS NOT NULL BEGIN SELECT RAISE(ABORT, 'incident hazard zone already superseded'); END",
        ]
    }

    /// Sensor time series (issue 8): what each series measures (sensor, quantity, unit, time zone, raw retention),
    /// hourly roll-ups kept up to date on ingest (and kept when raw readings pass their retention), and one row per
    /// ingest transaction with its counts. `readings` itself is unchanged: (sensor_id, t) WITHOUT ROWID.
    private static func version4() -> [String] {
        [
            """
            CREATE TABLE sensor_series (sensor_id TEXT PRIMARY KEY, quantity TEXT NOT NULL, unit TEXT NOT NULL, tz TEXT NOT NULL,
              retention_days INTEGER CHECK (retention_days IS NULL OR retention_days > 0), first_t INTEGER, last_t INTEGER,
              readings INTEGER NOT NULL DEFAULT 0, source TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE readings_hourly (sensor_id TEXT NOT NULL, hour INTEGER NOT NULL, n INTEGER NOT NULL, min REAL NOT NULL,
              max REAL NOT NULL, sum REAL NOT NULL, last_t INTEGER NOT NULL, last REAL NOT NULL, PRIMARY KEY (sensor_id, hour)) WITHOUT ROWID
            """,
            """
            CREATE TABLE ingest_runs (run INTEGER PRIMARY KEY, source TEXT NOT NULL, format TEXT NOT NULL, at TEXT NOT NULL,
              batch INTEGER NOT NULL, readings INTEGER NOT NULL, inserted INTEGER NOT NULL, replaced INTEGER NOT NULL,
              unchanged INTEGER NOT NULL, rejected_lines INTEGER NOT NULL, issues TEXT NOT NULL, audit_seq INTEGER NOT NULL)
            """,
        ]
    }

    /// The dispatcher (issue 6): each unit status change with its position and time (append-only, for KPIs);
    /// whether an assignment followed the recommendation; one open assignment per unit, enforced by the schema.
    private static func version3() -> [String] {
        [
            """
            CREATE TABLE unit_events (seq INTEGER PRIMARY KEY, unit_id TEXT NOT NULL, at TEXT NOT NULL, from_status TEXT NOT NULL,
              status TEXT NOT NULL, incident_id TEXT, lon REAL, lat REAL, actor TEXT NOT NULL, audit_seq INTEGER NOT NULL)
            """,
            "CREATE INDEX unit_events_by_unit ON unit_events(unit_id, seq)",
            "CREATE TRIGGER unit_events_append_only_u BEFORE UPDATE ON unit_events BEGIN SELECT RAISE(ABORT, 'unit events are append-only'); END",
            "CREATE TRIGGER unit_events_append_only_d BEFORE DELETE ON unit_events BEGIN SELECT RAISE(ABORT, 'unit events are append-only'); END",
            "ALTER TABLE assignments ADD COLUMN recommended INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE assignments ADD COLUMN en_route_at TEXT",
            "ALTER TABLE assignments ADD COLUMN on_scene_at TEXT",
            "CREATE UNIQUE INDEX assignments_one_open_per_unit ON assignments(unit_id) WHERE released_at IS NULL",
        ]
    }

    /// Live road edits (issue 3): closures of one road, speed factors on an area; lifted, never deleted.
    private static func version2() -> [String] {
        [
            """
            CREATE TABLE road_overrides (id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('closure', 'speed_factor')),
              road_id TEXT, factor REAL, reason TEXT NOT NULL, actor TEXT NOT NULL, created_at TEXT NOT NULL, lifted_at TEXT,
              audit_seq INTEGER NOT NULL,
              CHECK ((kind = 'closure' AND road_id IS NOT NULL) OR (kind = 'speed_factor' AND factor > 0)))
            """,
            "SELECT AddGeometryColumn('road_overrides', 'area', 4326, 'MULTIPOLYGON', 'XY', 0)",
            "CREATE INDEX road_overrides_active ON road_overrides(lifted_at)",
            "CREATE TRIGGER road_overrides_no_delete BEFORE DELETE ON road_overrides BEGIN SELECT RAISE(ABORT, 'road overrides are lifted, never deleted'); END",
        ]
    }

    private static func version1() -> [String] {
        var sql: [String] = [
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """
            CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, post TEXT NOT NULL,
              action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)
            """,
            "CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END",
            "CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END",
            """
            CREATE TABLE import_runs (run INTEGER PRIMARY KEY, source TEXT NOT NULL, at TEXT NOT NULL,
              inserted INTEGER NOT NULL, updated INTEGER NOT NULL, deleted INTEGER NOT NULL, audit_seq INTEGER NOT NULL)
            """,
        ]
        for schema in LayerSchema.all {
            let typed = schema.columns.map { "\($0.name) \($0.type.sqlType)" }.joined(separator: ", ")
            sql.append("""
                CREATE TABLE \(schema.table) (fid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
                  name TEXT, \(typed), props TEXT NOT NULL DEFAULT '{}', source TEXT NOT NULL DEFAULT '',
                  import_run INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL)
                """)
            sql.append("SELECT AddGeometryColumn('\(schema.table)', 'geom', 4326, '\(schema.geometryType)', 'XY', 1)")
            sql.append("SELECT CreateSpatialIndex('\(schema.table)', 'geom')")
            sql.append("CREATE INDEX \(schema.table)_kind ON \(schema.table)(kind)")
            sql.append("CREATE INDEX \(schema.table)_source ON \(schema.table)(source, import_run)")
        }
        sql += [
            // A warehouse is a ledger of stock movements, never an editable count (DOMAIN.md).
            """
            CREATE TABLE stock_movements (seq INTEGER PRIMARY KEY, facility_id TEXT NOT NULL, item_code TEXT NOT NULL,
              item_name TEXT NOT NULL, quantity REAL NOT NULL, unit TEXT NOT NULL, at TEXT NOT NULL, reason TEXT NOT NULL,
              audit_seq INTEGER NOT NULL)
            """,
            "CREATE INDEX stock_by_facility ON stock_movements(facility_id, item_code)",
            "CREATE TRIGGER stock_append_only_u BEFORE UPDATE ON stock_movements BEGIN SELECT RAISE(ABORT, 'stock movements are append-only; record a correcting movement'); END",
            "CREATE TRIGGER stock_append_only_d BEFORE DELETE ON stock_movements BEGIN SELECT RAISE(ABORT, 'stock movements are append-only; record a correcting movement'); END",
            """
            CREATE TABLE incident_events (seq INTEGER PRIMARY KEY, incident_id TEXT NOT NULL, at TEXT NOT NULL,
              kind TEXT NOT NULL, text TEXT NOT NULL, actor TEXT NOT NULL, post TEXT NOT NULL, audit_seq INTEGER NOT NULL)
            """,
            "CREATE INDEX events_by_incident ON incident_events(incident_id, seq)",
            "CREATE TRIGGER events_append_only_u BEFORE UPDATE ON incident_events BEGIN SELECT RAISE(ABORT, 'incident events are append-only'); END",
            """
            CREATE TABLE assignments (seq INTEGER PRIMARY KEY, incident_id TEXT NOT NULL, unit_id TEXT NOT NULL,
              assigned_at TEXT NOT NULL, released_at TEXT, reason TEXT NOT NULL, audit_seq INTEGER NOT NULL)
            """,
            "CREATE INDEX assignments_by_incident ON assignments(incident_id)",
            "CREATE TABLE readings (sensor_id TEXT NOT NULL, t INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (sensor_id, t)) WITHOUT ROWID",
        ]
        return sql
    }
}
