/*
 * fuzz_handshake.c - libFuzzer target for the TCP channel handshake's
 * parsers (src/runtime/handshake.c): HELLO, REPLY and PROOF from arbitrary
 * bytes. Invariants: nothing reads past n; a REPLY or PROOF the fuzzer made
 * up never checks out (it would have guessed an HMAC); the honest messages
 * of the same state always do, and a truncated one never does.
 */
#include <stdlib.h>
#include <string.h>

#include "runtime/handshake.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct hs w = { .writer = 1, .reader = 2 }, r;
	uint8_t hello[HS_HELLO], reply[HS_REPLY], proof[HS_PROOF];
	uint8_t *copy = malloc(n ? n : 1); /* exact size: ASan sees any overread */

	memcpy(copy, data, n);
	memset(w.key, 7, sizeof w.key);
	r = w;
	hs_take_hello(&r, copy, n, NULL, NULL);
	if (hs_take_reply(&w, copy, n) == HS_OK && n >= 4 && memcmp(copy, "ZVH1", 4) == 0)
		abort(); /* a made-up reply passed */
	if (hs_take_proof(&r, copy, n) == HS_OK)
		abort(); /* a made-up proof passed */
	/* the honest exchange still works, and one byte short never does */
	w = (struct hs){ .writer = 1, .reader = 2 };
	memset(w.key, 7, sizeof w.key);
	r = w;
	if (hs_hello(&w, hello) || hs_take_hello(&r, hello, sizeof hello, NULL, NULL) ||
	    hs_reply(&r, reply) || hs_take_reply(&w, reply, sizeof reply - 1) != HS_SHORT ||
	    hs_take_reply(&w, reply, sizeof reply))
		abort();
	hs_proof(&w, proof);
	if (hs_take_proof(&r, proof, sizeof proof) != HS_OK)
		abort();
	if (n >= HS_PROOF) { /* the fuzzer's bytes as a proof for this transcript */
		if (memcmp(copy, proof, HS_PROOF) && hs_take_proof(&r, copy, HS_PROOF) == HS_OK)
			abort();
	}
	free(copy);
	return 0;
}
