#ifndef FEEDD_CSQLITE_SHIM_H
#define FEEDD_CSQLITE_SHIM_H

#include <sqlite3.h>

/* SQLITE_TRANSIENT is a cast of -1 to a function pointer, which Swift cannot import as a constant. */
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }

/* sqlite3_config is variadic. Turns off memory statistics, which take a global mutex on every
   allocation; must run before SQLite initialises (it then returns SQLITE_MISUSE and changes nothing). */
static inline int csqlite_disable_memory_statistics(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

#endif
