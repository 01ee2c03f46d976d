#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro Swift cannot import: bind functions copy the buffer.
static inline void (*beacon_sqlite_transient(void))(void *) { return SQLITE_TRANSIENT; }
