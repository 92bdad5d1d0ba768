/*
 * handshake.c - the TCP channel handshake's messages (format in handshake.h).
 *
 * Pure functions over byte buffers, no I/O but getrandom(2) for the nonces,
 * so that the parsers can be fuzzed alone (fuzz/fuzz_handshake.c). Every
 * parser checks the length first and reads nothing past n; every proof is
 * compared with nettle's memeql_sec (constant time), and the MAC is
 * nettle's HMAC-SHA256.
 */
#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <string.h>
#include <sys/random.h>

#include "handshake.h"

static const uint8_t magic[4] = { 'Z', 'V', 'H', '1' };
/* The role labels: a reader's proof never passes as a writer's. */
static const uint8_t label_reader[16] = "zvm-tcp reader\0";
static const uint8_t label_writer[16] = "zvm-tcp writer\0";

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

const char *hs_why(int e)
{
	switch (e) {
	case HS_OK: return "ok";
	case HS_SHORT: return "the connection ended inside the handshake";
	case HS_MAGIC: return "not a zerovm channel handshake";
	case HS_IDS: return "wrong node ids";
	case HS_BADMAC: return "wrong proof (not this job's JobSecret, or a replayed handshake)";
	case HS_NORANDOM: return "no random bytes for a nonce";
	}
	return "?";
}

static int fresh(uint8_t n[HS_NONCE])
{
	size_t got = 0;
	while (got < HS_NONCE) {
		ssize_t r = getrandom(n + got, HS_NONCE - got, 0);
		if (r <= 0)
			return HS_NORANDOM; /* EINTR included: the caller fails this connection */
		got += (size_t)r;
	}
	return HS_OK;
}

static void mac(const struct hs *h, const uint8_t label[16], uint8_t out[HS_MAC])
{
	struct hmac_sha256_ctx c;
	uint8_t t[8];
	put32(t, h->writer);
	put32(t + 4, h->reader);
	hmac_sha256_set_key(&c, HS_KEY, h->key);
	hmac_sha256_update(&c, 16, label);
	hmac_sha256_update(&c, sizeof t, t);
	hmac_sha256_update(&c, HS_NONCE, h->nw);
	hmac_sha256_update(&c, HS_NONCE, h->nr);
	hmac_sha256_digest(&c, HS_MAC, out);
	memset(&c, 0, sizeof c);
}

int hs_hello(struct hs *h, uint8_t out[HS_HELLO])
{
	if (fresh(h->nw) != HS_OK)
		return HS_NORANDOM;
	memcpy(out, magic, 4);
	put32(out + 4, h->writer);
	put32(out + 8, h->reader);
	memcpy(out + 12, h->nw, HS_NONCE);
	return HS_OK;
}

int hs_take_hello(struct hs *h, const uint8_t *in, size_t n, uint32_t *writer, uint32_t *reader)
{
	if (n < HS_HELLO)
		return HS_SHORT;
	if (n > HS_HELLO || memcmp(in, magic, 4))
		return HS_MAGIC;
	uint32_t w = get32(in + 4), r = get32(in + 8);
	if (writer)
		*writer = w;
	if (reader)
		*reader = r;
	if (w != h->writer || r != h->reader)
		return HS_IDS;
	memcpy(h->nw, in + 12, HS_NONCE);
	return HS_OK;
}

int hs_reply(struct hs *h, uint8_t out[HS_REPLY])
{
	if (fresh(h->nr) != HS_OK)
		return HS_NORANDOM;
	memcpy(out, magic, 4);
	memcpy(out + 4, h->nr, HS_NONCE);
	mac(h, label_reader, out + 4 + HS_NONCE);
	return HS_OK;
}

int hs_take_reply(struct hs *h, const uint8_t *in, size_t n)
{
	uint8_t want[HS_MAC];
	if (n < HS_REPLY)
		return HS_SHORT;
	if (n > HS_REPLY || memcmp(in, magic, 4))
		return HS_MAGIC;
	memcpy(h->nr, in + 4, HS_NONCE);
	mac(h, label_reader, want);
	return memeql_sec(want, in + 4 + HS_NONCE, HS_MAC) ? HS_OK : HS_BADMAC;
}

void hs_proof(const struct hs *h, uint8_t out[HS_PROOF])
{
	mac(h, label_writer, out);
}

int hs_take_proof(const struct hs *h, const uint8_t *in, size_t n)
{
	uint8_t want[HS_MAC];
	if (n < HS_PROOF)
		return HS_SHORT;
	if (n > HS_PROOF)
		return HS_MAGIC;
	mac(h, label_writer, want);
	return memeql_sec(want, in, HS_MAC) ? HS_OK : HS_BADMAC;
}

void hs_clear(struct hs *h)
{
	explicit_bzero(h, sizeof *h);
}
