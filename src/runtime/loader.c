/*
 * loader.c - builds the guest address space of DESIGN.md section 3.
 *
 *   [64K, 68K)         trampolines: slot 0 is the trap, the page hlt (R+X);
 *                      the other slots up to 128K stay reserved PROT_NONE
 *   [128K, text end)   the validated text, tail page filled with hlt (R+X)
 *   then               rodata (R), data and bss (RW)
 *   heap               from the image end (64 KiB aligned) to Memory - 16 MiB
 *   user manifest      read-only, ends at the stack; MANIFEST at 0xFEFFFFFC
 *   stack              16 MiB ending at 4 GiB
 *
 * Memory is mapped lazily (MAP_NORESERVE); nothing outside these ranges is
 * accessible, and no page is ever writable and executable.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux.h"
#include "loader.h"
#include "mem.h"
#include "session.h"
#include "x86_64/arch.h"
#include "zvm.h"

#define ROUND_UP(x, a) (((x) + (a) - 1) / (a) * (a))
#define ROUND_DOWN(x, a) ((x) / (a) * (a))

static int prot_of(unsigned p)
{
	return (p & VAL_PROT_R ? PROT_READ : 0) | (p & VAL_PROT_W ? PROT_WRITE : 0) |
	       (p & VAL_PROT_X ? PROT_EXEC : 0);
}

int program_check(const char *path, struct program *p, char *err, size_t errlen)
{
	struct stat st;
	struct val_result res;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	memset(p, 0, sizeof *p);
	if (fd < 0) {
		snprintf(err, errlen, "program open error: %s: %s", path, strerror(errno));
		return ENOENT;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
		close(fd);
		snprintf(err, errlen, "program read error: %s is not a non-empty regular file", path);
		return EIO;
	}
	p->image_size = (uint64_t)st.st_size;
	void *m = mmap(0, p->image_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED) {
		snprintf(err, errlen, "program read error: %s: %s", path, strerror(errno));
		return EIO;
	}
	p->image = m;
	if (val_elf_check(p->image, p->image_size, &p->nx, err, errlen) != 0)
		return ENOEXEC;
	const struct val_segment *t = &p->nx.seg[p->nx.text];
	int rc = val_validate(p->image + t->offset, t->filesz, t->vaddr, 0, 0, 0, &res);
	zs.validator_state = rc == 0 ? 0 : 1;
#ifdef ZVM_TEST_NOVALIDATE
	/* The test-only runtime (tests/seccomp): refused code runs anyway, so
	 * that the tests can reach the outer layer. Never in build/bin. */
	if (rc != 0)
		say(2, "test build: running refused code (at 0x%x: %s)", (unsigned)res.addr,
		    res.reason ? res.reason : "?");
	rc = 0;
#endif
	if (rc != 0) {
		snprintf(err, errlen, "validation failed: at 0x%x: %s", (unsigned)res.addr,
			 res.reason ? res.reason : "unknown");
		return ENOEXEC;
	}
	for (unsigned i = 0; i < p->nx.nseg; i++) {
		uint64_t end = (uint64_t)p->nx.seg[i].vaddr + p->nx.seg[i].memsz;
		if (end > p->image_end)
			p->image_end = end;
	}
	p->image_end = ROUND_UP(p->image_end, MEM_CHUNK);
	return 0;
}

/* A segment's pages, about to be written, made present in one call
 * instead of one fault each: a fault costs ~10 us on this machine,
 * populating a page ~0.6 us, a system call ~4 us (README, start-up). So
 * only for segments: populating single pages (the trampolines, the user
 * manifest) or what a guest may write first (its stack top, its heap's
 * first pages) measured no faster. Only a hint: a kernel without
 * MADV_POPULATE_WRITE (before 5.14) faults them in as before. */
static void prefault(uint64_t start, uint64_t end)
{
	madvise(mem_ptr(start), end - start, MADV_POPULATE_WRITE);
}

static int map_segment(const struct program *p, const struct val_segment *s, int text)
{
	uint64_t start = ROUND_DOWN((uint64_t)s->vaddr, MEM_PAGE);
	uint64_t end = ROUND_UP((uint64_t)s->vaddr + s->memsz, MEM_PAGE);
	int rc;

	if ((rc = mem_map(start, end, PROT_READ | PROT_WRITE)) != 0)
		return -rc;
	prefault(start, text ? end : ROUND_UP((uint64_t)s->vaddr + s->filesz, MEM_PAGE));
	memcpy(mem_ptr(s->vaddr), p->image + s->offset, s->filesz);
	if (text) /* nothing but validated bytes and hlt may be executable */
		memset(mem_ptr((uint64_t)s->vaddr + s->filesz), 0xF4,
		       end - ((uint64_t)s->vaddr + s->filesz));
	return -mem_protect(start, end, prot_of(s->prot));
}

/* Only the page of slot 0 is mapped: the other slots stay reserved
 * PROT_NONE, so a guest that branches to them faults just as it would on a
 * hlt, and start-up touches one page instead of sixteen. */
static int map_trampolines(void)
{
	uint8_t slot[TRAMP_SLOT_SIZE];
	uint64_t end = VAL_TRAMP_START + MEM_PAGE;
	int rc;

	if ((rc = arch_map_springboard()) != 0)
		return rc;
	if ((rc = mem_map(VAL_TRAMP_START, end, PROT_READ | PROT_WRITE)) != 0)
		return -rc;
	memset(mem_ptr(VAL_TRAMP_START), 0xF4, MEM_PAGE);
	arch_write_trap_slot(slot);
	memcpy(mem_ptr(VAL_TRAMP_START), slot, sizeof slot);
	return -mem_protect(VAL_TRAMP_START, end, PROT_READ | PROT_EXEC);
}

/* Guest-side (32-bit) layouts of the user manifest. */
struct um_channel {
	int64_t limits[4];
	int64_t size;
	uint32_t type;
	uint32_t name;
};
struct um_head {
	uint32_t heap_ptr, heap_size, stack_size;
	int32_t channels_count;
	uint32_t channels;
};
_Static_assert(sizeof(struct um_channel) == 48, "guest ZVMChannel is 48 bytes");
_Static_assert(sizeof(struct um_head) == 20, "guest UserManifest is 20 bytes");

/* Lays out the user manifest below the stack; returns its start address. */
static uint64_t manifest_area_start(void)
{
	uint64_t names = 0;
	for (int i = 0; i < zs.nch; i++)
		names += strlen(zs.ch[i].m->alias) + 1;
	uint64_t need = 4 + sizeof(struct um_head) + 8 +
			(uint64_t)zs.nch * sizeof(struct um_channel) + names;
	return GUEST_STACK_START - ROUND_UP(need, MEM_CHUNK);
}

/* Writes the user manifest into [area, GUEST_STACK_START), through the host
 * pointer out (the guest's own addresses, or an alias of them). */
static void fill_user_manifest(uint64_t area, unsigned char *out)
{
	uint64_t ptr_at = ZVM_MANIFEST_POINTER;
	uint64_t head_at = ptr_at - sizeof(struct um_head);
	uint64_t chan_at = ROUND_DOWN(head_at - (uint64_t)zs.nch * sizeof(struct um_channel), 8);
	uint64_t name_at = area;
	struct um_head h = { (uint32_t)zs.heap_start, (uint32_t)(zs.heap_end - zs.heap_start),
			     GUEST_STACK_SIZE, zs.nch, (uint32_t)chan_at };

	for (int i = 0; i < zs.nch; i++) {
		const struct channel *c = &zs.ch[i];
		struct um_channel u;
		size_t len = strlen(c->m->alias) + 1;
		memcpy(u.limits, c->m->limits, sizeof u.limits);
		u.size = c->kind == CH_FILE && c->m->type != 0 ? c->size : 0;
		u.type = (uint32_t)c->m->type;
		u.name = (uint32_t)name_at;
		memcpy(out + (name_at - area), c->m->alias, len);
		name_at += len;
		memcpy(out + (chan_at - area) + (uint64_t)i * sizeof u, &u, sizeof u);
	}
	memcpy(out + (head_at - area), &h, sizeof h);
	uint32_t hp = (uint32_t)head_at;
	memcpy(out + (ptr_at - area), &hp, sizeof hp);
}

static int write_user_manifest(uint64_t area)
{
	int rc;
	if ((rc = mem_map(area, GUEST_STACK_START, PROT_READ | PROT_WRITE)) != 0)
		return -rc;
	fill_user_manifest(area, mem_ptr(area));
	return -mem_protect(area, GUEST_STACK_START, PROT_READ);
}

/* A writable alias of the user manifest, once a spare has made one. */
static unsigned char *manifest_alias;

int program_update_manifest(void)
{
	uint64_t area = manifest_area_start(); /* same channels, same layout */
	int rc;
	if (manifest_alias) {
		fill_user_manifest(area, manifest_alias);
		return 0;
	}
	if ((rc = mem_protect(area, GUEST_STACK_START, PROT_READ | PROT_WRITE)) != 0)
		return -rc;
	fill_user_manifest(area, mem_ptr(area));
	return -mem_protect(area, GUEST_STACK_START, PROT_READ);
}

int program_manifest_alias(void)
{
	uint64_t area = manifest_area_start();
	size_t len = GUEST_STACK_START - area;
	int fd = memfd_create("zvm-manifest", MFD_CLOEXEC), rc = 0;
	unsigned char *alias = MAP_FAILED;

	if (fd < 0)
		return errno;
	if (ftruncate(fd, (off_t)len) != 0 ||
	    (alias = mmap(0, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) == MAP_FAILED) {
		rc = errno;
		goto out;
	}
	memcpy(alias, mem_ptr(area), len); /* the guest's page, as it is now */
	if ((rc = -mem_map_file(area, GUEST_STACK_START, PROT_READ, fd)) != 0) {
		munmap(alias, len);
		goto out;
	}
	madvise(mem_ptr(area), len, MADV_POPULATE_READ); /* no fault in the guest's reads */
	manifest_alias = alias;
out:
	close(fd);
	return rc;
}

int program_load(struct program *p, uint64_t memory, char *err, size_t errlen)
{
	int rc;

	if ((rc = map_trampolines()) != 0) {
		snprintf(err, errlen, "cannot map trampolines: %s", strerror(rc));
		return rc;
	}
	for (unsigned i = 0; i < p->nx.nseg; i++) {
		if ((rc = map_segment(p, &p->nx.seg[i], i == p->nx.text)) != 0) {
			snprintf(err, errlen, "cannot map segment %u: %s", i, strerror(rc));
			return rc;
		}
	}
	uint64_t area = manifest_area_start();
	zs.heap_start = p->image_end;
	zs.heap_end = memory > GUEST_STACK_SIZE ? ROUND_DOWN(memory - GUEST_STACK_SIZE, MEM_CHUNK) : 0;
	if (zs.heap_end > area)
		zs.heap_end = area;
	if (zs.heap_end < zs.heap_start || zs.heap_end - zs.heap_start < GUEST_MIN_HEAP) {
		snprintf(err, errlen, "user heap size is too small");
		return ENOMEM;
	}
	if ((rc = mem_map(zs.heap_start, zs.heap_end, PROT_READ | PROT_WRITE)) != 0 ||
	    (rc = write_user_manifest(area)) != 0 ||
	    (rc = mem_map(GUEST_STACK_START, 0x100000000ull, PROT_READ | PROT_WRITE)) != 0) {
		snprintf(err, errlen, "cannot map guest memory: %s", strerror(rc < 0 ? -rc : rc));
		return ENOMEM;
	}
	munmap((void *)p->image, p->image_size);
	p->image = 0;
	return 0;
}
