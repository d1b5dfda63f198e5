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

/* libxml2 reports some problems (encoding conversion failures among them) through the generic
   error function, which prints to stderr even with *_PARSE_NOERROR. A daemon's stderr is its log, so
   feedd silences it; the errors that matter reach us through the structured handlers. The setting
   is per thread in libxml2, so it is applied at every entry point. */
static void clibxml2_ignore_generic_error(void *context, const char *message, ...) {
    (void)context; (void)message;
}
static inline void clibxml2_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, clibxml2_ignore_generic_error);
}

#endif
