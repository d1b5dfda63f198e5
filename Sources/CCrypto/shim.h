#ifndef FEEDD_CCRYPTO_SHIM_H
#define FEEDD_CCRYPTO_SHIM_H

#include <stddef.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

/* Named wrappers, so the Swift type SHA256 never has to spell the C function of the same name.
   Only calls not deprecated in OpenSSL 3.0; an empty message may come with a null pointer, which
   OpenSSL accepts for n == 0. */

/* OpenSSL's SHA-256 implementation, fetched from its provider once: the one-shot SHA256() looks it
   up by name on every call, about 6,700 instructions, more than hashing a delivery id. The first
   caller fetches; a racing second one frees its copy and takes the first. NULL when the default
   provider is missing. */
static inline const EVP_MD *ccrypto_sha256_md(void) {
    static EVP_MD *cached = NULL;
    EVP_MD *md = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);
    if (md != NULL) return md;
    EVP_MD *fetched = EVP_MD_fetch(NULL, "SHA256", NULL);
    if (fetched == NULL) return NULL;
    EVP_MD *expected = NULL;
    if (!__atomic_compare_exchange_n(&cached, &expected, fetched, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        EVP_MD_free(fetched);
        return expected;
    }
    return fetched;
}

/* SHA-256; returns 0 when OpenSSL failed (no digest written), 1 otherwise. */
static inline int ccrypto_sha256(const void *bytes, size_t count, unsigned char digest[32]) {
    const EVP_MD *md = ccrypto_sha256_md();
    unsigned int length = 0;
    return md != NULL && EVP_Digest(bytes, count, digest, &length, md, NULL) == 1 && length == 32;
}

/* HMAC-SHA256; returns 0 when OpenSSL failed (no digest written), 1 otherwise. */
static inline int ccrypto_hmac_sha256(const void *key, int key_count, const void *message, size_t count,
                                      unsigned char digest[32]) {
    unsigned int length = 0;
    return HMAC(EVP_sha256(), key, key_count, (const unsigned char *)message, count, digest, &length) != NULL
        && length == 32;
}

#endif
