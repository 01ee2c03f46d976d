/* beacon-bench timeseries peer: the plain C way to load readings into SQLite.
 * Reads a long CSV (header, then sensor,t,value per line), inserts every row with one prepared statement in one
 * transaction into readings(sensor_id TEXT, t INTEGER, value REAL, PRIMARY KEY (sensor_id, t)) WITHOUT ROWID,
 * WAL and synchronous=NORMAL like Beacon's store. With --sorted, rows are sorted by (sensor, t) first.
 * Prints one JSON line: rows, seconds (parse + insert + commit, excluding file creation). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct { char sensor[48]; long long t; double value; } Row;

static double now(void) { struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts); return ts.tv_sec + ts.tv_nsec / 1e9; }

static int cmp(const void *a, const void *b) {
    const Row *x = a, *y = b;
    int c = strcmp(x->sensor, y->sensor);
    return c ? c : (x->t < y->t ? -1 : x->t > y->t);
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: ingest CSV DB [--sorted]\n"); return 2; }
    int sorted = argc > 3 && strcmp(argv[3], "--sorted") == 0;
    FILE *f = fopen(argv[1], "r");
    if (!f) { perror(argv[1]); return 1; }
    sqlite3 *db;
    if (sqlite3_open(argv[2], &db) != SQLITE_OK) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1; }
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                     "CREATE TABLE readings (sensor_id TEXT NOT NULL, t INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (sensor_id, t)) WITHOUT ROWID",
                 0, 0, 0);
    double start = now();
    char line[256];
    size_t n = 0, cap = 1 << 20;
    Row *rows = sorted ? malloc(cap * sizeof(Row)) : NULL;
    sqlite3_stmt *st;
    sqlite3_exec(db, "BEGIN", 0, 0, 0);
    sqlite3_prepare_v2(db, "INSERT INTO readings(sensor_id, t, value) VALUES (?, ?, ?)", -1, &st, 0);
    if (!fgets(line, sizeof line, f)) return 1;   /* header */
    while (fgets(line, sizeof line, f)) {
        char *c1 = strchr(line, ','); if (!c1) continue;
        *c1 = 0;
        char *end;
        long long t = strtoll(c1 + 1, &end, 10);
        double v = strtod(end + 1, 0);
        if (sorted) {
            if (n == cap) { cap *= 2; rows = realloc(rows, cap * sizeof(Row)); }
            strncpy(rows[n].sensor, line, 47); rows[n].sensor[47] = 0; rows[n].t = t; rows[n].value = v; n++;
            continue;
        }
        sqlite3_bind_text(st, 1, line, (int)(c1 - line), SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, t);
        sqlite3_bind_double(st, 3, v);
        if (sqlite3_step(st) != SQLITE_DONE) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1; }
        sqlite3_reset(st);
        n++;
    }
    if (sorted) {
        qsort(rows, n, sizeof(Row), cmp);
        for (size_t i = 0; i < n; i++) {
            sqlite3_bind_text(st, 1, rows[i].sensor, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 2, rows[i].t);
            sqlite3_bind_double(st, 3, rows[i].value);
            if (sqlite3_step(st) != SQLITE_DONE) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1; }
            sqlite3_reset(st);
        }
    }
    sqlite3_finalize(st);
    sqlite3_exec(db, "COMMIT", 0, 0, 0);
    double seconds = now() - start;
    sqlite3_close(db);
    printf("{\"rows\": %zu, \"seconds\": %.6f}\n", n, seconds);
    return 0;
}
