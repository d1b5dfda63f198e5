#ifndef FEEDD_CLIBXML2_SHIM_H
#define FEEDD_CLIBXML2_SHIM_H

/* Debian builds libxml2 with ICU; its <unicode/ucnv.h> clashes with Foundation's
   copy of ICU types in any module that imports both. We never use the ICU API. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/uri.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/entities.h>
#include <libxml/encoding.h>
#include <libxml/xmlsave.h>
#include <libxml/tree.h>

/* xmlFree is a global function pointer variable, which Swift 6 treats as shared mutable state. */
static inline void clibxml2_free(void *p) { xmlFree(p); }

#endif
