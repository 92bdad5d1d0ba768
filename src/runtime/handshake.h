/*
 * handshake.h - the opening of every TCP channel connection of a job that
 * has a JobSecret: both ends prove they hold it before any channel byte.
 *
 * Invariant: a side accepts its peer only after checking, in constant time,
 * an HMAC-SHA256 under the job's secret over a transcript that holds a
 * nonce it chose itself this connection, both node ids and the peer's role
 * label; so a proof from another connection (replayed), from the other
 * direction (reflected) or for other nodes never checks out.
 *
 * Wire format (big-endian), W = the writer (connects), R = the reader
 * (accepts; data flows W -> R afterwards):
 *   HELLO  W -> R  44 bytes: "ZVH1", writer node u32, reader node u32, Nw[32]
 *   REPLY  R -> W  68 bytes: "ZVH1", Nr[32], HMAC(K, "zvm-tcp reader\0\0" | T)
 *   PROOF  W -> R  32 bytes: HMAC(K, "zvm-tcp writer\0\0" | T)
 *   T = writer node u32 | reader node u32 | Nw | Nr   (72 bytes)
 * Node ids are the manifests' Node numbers (0 and 0 on a direct
 * tcp:IP:PORT channel). The reader answers only a well-formed HELLO for its
 * own ids; the writer sends PROOF (and then its data) only after REPLY
 * checked out; the reader reads data only after PROOF checked out.
 */
#ifndef ZVM_HANDSHAKE_H
#define ZVM_HANDSHAKE_H

#include <stddef.h>
#include <stdint.h>

#define HS_KEY 32
#define HS_NONCE 32
#define HS_MAC 32
#define HS_HELLO 44
#define HS_REPLY 68
#define HS_PROOF 32

/* One connection's handshake state. */
struct hs {
	uint8_t key[HS_KEY];
	uint32_t writer, reader;     /* node ids as the transcript holds them */
	uint8_t nw[HS_NONCE], nr[HS_NONCE];
};

/* Why a message did not check out (hs_why names them). */
enum { HS_OK, HS_SHORT, HS_MAGIC, HS_IDS, HS_BADMAC, HS_NORANDOM };
const char *hs_why(int e);

/* Writer: a fresh Nw into h and the HELLO into out. HS_OK or HS_NORANDOM. */
int hs_hello(struct hs *h, uint8_t out[HS_HELLO]);
/* Reader: parses a HELLO of n bytes; HS_IDS unless its ids are h's
 * (writer, reader); on HS_OK h holds Nw. *writer and *reader (when not
 * NULL) get the ids the HELLO claims, even on HS_IDS. */
int hs_take_hello(struct hs *h, const uint8_t *in, size_t n, uint32_t *writer, uint32_t *reader);
/* Reader: a fresh Nr into h and the REPLY into out. HS_OK or HS_NORANDOM. */
int hs_reply(struct hs *h, uint8_t out[HS_REPLY]);
/* Writer: checks a REPLY of n bytes (h gets Nr). */
int hs_take_reply(struct hs *h, const uint8_t *in, size_t n);
/* Writer: the PROOF for h's transcript. */
void hs_proof(const struct hs *h, uint8_t out[HS_PROOF]);
/* Reader: checks a PROOF of n bytes. */
int hs_take_proof(const struct hs *h, const uint8_t *in, size_t n);

/* Wipes the state (the key and the nonces). */
void hs_clear(struct hs *h);

#endif
