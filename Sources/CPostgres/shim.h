#ifndef FEEDD_CPOSTGRES_SHIM_H
#define FEEDD_CPOSTGRES_SHIM_H

#include <libpq-fe.h>

#endif
