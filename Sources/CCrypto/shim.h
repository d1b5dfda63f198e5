#ifndef FEEDD_CCRYPTO_SHIM_H
#define FEEDD_CCRYPTO_SHIM_H

#include <stddef.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

/* Named wrappers, so the Swift type SHA256 never has to spell the C function of the same name.
   Both are OpenSSL's one-shot calls, which are not deprecated in 3.0 (the *_Init/Update/Final
   ones are); an empty message may come with a null pointer, which OpenSSL accepts for n == 0. */
/* SHA-256; returns 0 when OpenSSL failed (no digest written), 1 otherwise. */
static inline int ccrypto_sha256(const void *bytes, size_t count, unsigned char digest[32]) {
    return SHA256((const unsigned char *)bytes, count, digest) != NULL;
}

/* HMAC-SHA256; returns 0 when OpenSSL failed (no digest written), 1 otherwise. */
static inline int ccrypto_hmac_sha256(const void *key, int key_count, const void *message, size_t count,
                                      unsigned char digest[32]) {
    unsigned int length = 0;
    return HMAC(EVP_sha256(), key, key_count, (const unsigned char *)message, count, digest, &length) != NULL
        && length == 32;
}

#endif
