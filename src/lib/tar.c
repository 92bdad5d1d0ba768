/*
 * tar.c - the tar format (see tar.h).
 *
 * A header block: name[100] mode[8] uid[8] gid[8] size[12] mtime[12]
 * chksum[8] typeflag[1] linkname[100] magic[6] version[2] uname[32]
 * gname[32] devmajor[8] devminor[8] prefix[155], then data rounded up to
 * 512 bytes. The archive ends at a zero block.
 */
#include <string.h>

#include "tar.h"

enum {
	O_NAME = 0, O_MODE = 100, O_UID = 108, O_GID = 116, O_SIZE = 124, O_MTIME = 136,
	O_CHKSUM = 148, O_TYPE = 156, O_LINK = 157, O_MAGIC = 257, O_VERSION = 263,
	O_PREFIX = 345,
};

static uint64_t round_up(uint64_t n)
{
	return (n + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
}

/* A numeric field: octal (leading spaces, ends at NUL or space) or GNU
 * base-256 (first byte 0x80). Returns -1 if malformed or too large. */
static int number(const unsigned char *f, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;
	if (f[0] & 0x80) {
		if (f[0] != 0x80)
			return -1; /* negative, or a value beyond 64 bits */
		for (i = 1; i < n; i++) {
			if (v >> 56)
				return -1;
			v = v << 8 | f[i];
		}
		*out = v;
		return 0;
	}
	while (i < n && f[i] == ' ')
		i++;
	for (; i < n && f[i] >= '0' && f[i] <= '7'; i++)
		v = v << 3 | (uint64_t)(f[i] - '0');
	if (i < n && f[i] != 0 && f[i] != ' ')
		return -1;
	*out = v;
	return 0;
}

/* A text field of n bytes, not necessarily NUL-terminated, into out. */
static void text(char *out, const unsigned char *f, size_t n)
{
	size_t l = strnlen((const char *)f, n);
	memcpy(out, f, l);
	out[l] = 0;
}

static int checksum_ok(const unsigned char *h)
{
	uint64_t want;
	uint32_t u = 0;
	int32_t s = 0;
	if (number(h + O_CHKSUM, 8, &want))
		return 0;
	for (int i = 0; i < TAR_BLOCK; i++) {
		unsigned char c = (i >= O_CHKSUM && i < O_CHKSUM + 8) ? ' ' : h[i];
		u += c;
		s += (signed char)c; /* some old writers summed signed chars */
	}
	return want == u || want == (uint64_t)(uint32_t)s;
}

static int is_zero(const unsigned char *h)
{
	for (int i = 0; i < TAR_BLOCK; i++)
		if (h[i])
			return 0;
	return 1;
}

void tar_reader_init(struct tar_reader *r, const void *buf, size_t len)
{
	memset(r, 0, sizeof *r);
	r->buf = buf;
	r->len = len;
}

static int fail(struct tar_reader *r, const char *why)
{
	r->error = why;
	r->pos = r->len; /* stay failed */
	return -1;
}

/* Copies a long name from an 'L' or 'K' entry's data. */
static int long_name(struct tar_reader *r, char *out, const unsigned char *d, uint64_t n)
{
	size_t l = strnlen((const char *)d, (size_t)n);
	if (l >= TAR_PATH_MAX)
		return fail(r, "long name too long");
	memcpy(out, d, l);
	out[l] = 0;
	return 0;
}

/* pax records: "<length> <key>=<value>\n", length counting the whole record. */
static int pax(struct tar_reader *r, const unsigned char *d, uint64_t n)
{
	uint64_t i = 0;
	while (i < n) {
		uint64_t len = 0, j = i;
		while (j < n && d[j] >= '0' && d[j] <= '9' && len < n)
			len = len * 10 + (uint64_t)(d[j++] - '0');
		if (j >= n || d[j] != ' ' || len <= j - i + 1 || len > n - i || d[i + len - 1] != '\n')
			return fail(r, "malformed pax record");
		const char *key = (const char *)d + j + 1;
		const char *end = (const char *)d + i + len - 1; /* the '\n' */
		const char *eq = memchr(key, '=', (size_t)(end - key));
		if (!eq)
			return fail(r, "malformed pax record");
		size_t klen = (size_t)(eq - key), vlen = (size_t)(end - eq - 1);
		const char *val = eq + 1;
		if ((klen == 4 && !memcmp(key, "path", 4)) || (klen == 8 && !memcmp(key, "linkpath", 8))) {
			char *out = klen == 4 ? r->name : r->link;
			if (vlen >= TAR_PATH_MAX || memchr(val, 0, vlen))
				return fail(r, "pax path too long");
			memcpy(out, val, vlen);
			out[vlen] = 0;
			*(klen == 4 ? &r->has_name : &r->has_link) = 1;
		} else if ((klen == 4 && !memcmp(key, "size", 4)) || (klen == 5 && !memcmp(key, "mtime", 5))) {
			uint64_t v = 0;
			size_t k = 0;
			for (; k < vlen && val[k] >= '0' && val[k] <= '9'; k++) {
				if (v > (UINT64_MAX - 9) / 10)
					return fail(r, "pax number too large");
				v = v * 10 + (uint64_t)(val[k] - '0');
			}
			if (k == 0 || (k < vlen && (klen == 4 || val[k] != '.')))
				return fail(r, "malformed pax number");
			if (klen == 4)
				r->size = v, r->has_size = 1;
			else
				r->mtime = v > INT64_MAX ? INT64_MAX : (int64_t)v, r->has_mtime = 1;
		}
		i += len;
	}
	return 0;
}

int tar_next(struct tar_reader *r, struct tar_entry *e)
{
	for (;;) {
		if (r->pos >= r->len)
			return r->error ? -1 : 0; /* no end marker: accept a clean end */
		if (r->len - r->pos < TAR_BLOCK)
			return fail(r, "truncated header");
		const unsigned char *h = r->buf + r->pos;
		if (is_zero(h)) {
			r->pos = r->len;
			return 0;
		}
		if (!checksum_ok(h))
			return fail(r, "bad header checksum");
		uint64_t size, mode, mtime;
		if (number(h + O_SIZE, 12, &size) || number(h + O_MODE, 8, &mode) ||
		    number(h + O_MTIME, 12, &mtime))
			return fail(r, "bad number in header");
		char type = (char)h[O_TYPE];
		if (r->has_size && type != 'x' && type != 'g' && type != 'L' && type != 'K')
			size = r->size;
		/* hard and symbolic links, devices, fifos and directories carry no data */
		int has_data = !strchr("123456", type) || type == 0;
		uint64_t span = has_data ? round_up(size) : 0;
		if (size > r->len || span > r->len - r->pos - TAR_BLOCK)
			return fail(r, "truncated data");
		const unsigned char *d = h + TAR_BLOCK;
		r->pos += TAR_BLOCK + (size_t)span;

		switch (type) {
		case 'L':
			if (long_name(r, r->name, d, size))
				return -1;
			r->has_name = 1;
			continue;
		case 'K':
			if (long_name(r, r->link, d, size))
				return -1;
			r->has_link = 1;
			continue;
		case 'x':
			if (pax(r, d, size))
				return -1;
			continue;
		case 'g':
			continue; /* global pax defaults: nothing here needs them */
		}

		if (r->has_name) {
			strcpy(e->name, r->name);
		} else {
			char name[101];
			text(name, h + O_NAME, 100);
			e->name[0] = 0;
			if (!memcmp(h + O_MAGIC, "ustar", 5) && h[O_PREFIX]) {
				text(e->name, h + O_PREFIX, 155);
				strcat(e->name, "/");
			}
			strcat(e->name, name);
		}
		if (r->has_link)
			strcpy(e->link, r->link);
		else
			text(e->link, h + O_LINK, 100);
		if (r->has_mtime)
			mtime = (uint64_t)r->mtime;
		r->has_name = r->has_link = r->has_size = r->has_mtime = 0;

		e->type = (type == 0 || type == '7') ? TAR_FILE : type;
		e->mode = (uint32_t)(mode & 07777);
		e->mtime = mtime > INT64_MAX ? INT64_MAX : (int64_t)mtime;
		e->size = has_data ? size : 0;
		e->data = d;
		return 1;
	}
}

/* ---- writing ------------------------------------------------------------ */

/* An octal field of n bytes (n-1 digits and a NUL), or base-256 if too big. */
static void put_number(unsigned char *f, size_t n, uint64_t v)
{
	if (n - 1 < 22 && v >> (3 * (n - 1))) {
		f[0] = 0x80;
		for (size_t i = n - 1; i > 0; i--, v >>= 8)
			f[i] = (unsigned char)v;
		return;
	}
	f[n - 1] = 0;
	for (size_t i = n - 1; i > 0; i--, v >>= 3)
		f[i - 1] = (unsigned char)('0' + (v & 7));
}

static int put_block(tar_emit emit, void *ctx, const char *name, size_t nlen, const char *prefix,
		     size_t plen, char type, uint32_t mode, uint64_t size, int64_t mtime)
{
	unsigned char h[TAR_BLOCK];
	memset(h, 0, sizeof h);
	memcpy(h + O_NAME, name, nlen);
	memcpy(h + O_PREFIX, prefix, plen);
	put_number(h + O_MODE, 8, mode & 07777);
	put_number(h + O_UID, 8, 0);
	put_number(h + O_GID, 8, 0);
	put_number(h + O_SIZE, 12, size);
	put_number(h + O_MTIME, 12, mtime < 0 ? 0 : (uint64_t)mtime);
	h[O_TYPE] = (unsigned char)type;
	memcpy(h + O_MAGIC, "ustar", 6);
	memcpy(h + O_VERSION, "00", 2);
	uint32_t sum = 0;
	memset(h + O_CHKSUM, ' ', 8);
	for (int i = 0; i < TAR_BLOCK; i++)
		sum += h[i];
	put_number(h + O_CHKSUM, 7, sum);
	h[O_CHKSUM + 7] = ' ';
	return emit(ctx, h, sizeof h);
}

int tar_write_header(tar_emit emit, void *ctx, const char *name, char type, uint32_t mode,
		     uint64_t size, int64_t mtime)
{
	size_t len = strlen(name);
	if (len <= 100)
		return put_block(emit, ctx, name, len, "", 0, type, mode, size, mtime);
	/* ustar: prefix (up to 155) '/' name (up to 100) */
	for (size_t p = len - 1; p > 0; p--) {
		if (name[p] != '/')
			continue;
		if (len - p - 1 > 100)
			break;
		if (p <= 155 && len - p - 1 > 0)
			return put_block(emit, ctx, name + p + 1, len - p - 1, name, p, type, mode, size,
					 mtime);
	}
	/* GNU: a ././@LongLink entry holding the name, then a truncated header */
	if (put_block(emit, ctx, "././@LongLink", 13, "", 0, 'L', 0644, len + 1, 0) ||
	    emit(ctx, name, len + 1) || tar_write_pad(emit, ctx, len + 1))
		return -1;
	return put_block(emit, ctx, name, 100, "", 0, type, mode, size, mtime);
}

int tar_write_pad(tar_emit emit, void *ctx, uint64_t size)
{
	static const unsigned char zero[TAR_BLOCK];
	size_t n = (size_t)(round_up(size) - size);
	return n ? emit(ctx, zero, n) : 0;
}

int tar_write_end(tar_emit emit, void *ctx, uint64_t total)
{
	static const unsigned char zero[TAR_BLOCK];
	uint64_t end = total + 2 * TAR_BLOCK;
	end = (end + 10239) / 10240 * 10240;
	for (; total < end; total += TAR_BLOCK)
		if (emit(ctx, zero, TAR_BLOCK))
			return -1;
	return 0;
}
