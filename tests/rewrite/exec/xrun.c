/*
 * xrun - runs a statically linked x32 test program (ELF32, EM_X86_64) inside
 * this 64-bit process, to compare rewritten code with the original.
 *
 *   xrun PROG.elf
 *
 * Maps the PT_LOAD segments at their (low) addresses, makes a 1 MiB stack
 * below 4 GiB, and calls the entry point through a stub in low memory (the
 * rewritten return sequences truncate the return address to 32 bits, and its
 * `call` ends at a 32-byte boundary as the sandbox's calls do). The entry is
 * `const char *test_main(void)`; the string it returns is printed.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define STUB_ADDR 0x10000ul
#define STACK_ADDR 0x60000000ul
#define STACK_SIZE 0x100000ul

static void die(const char *m)
{
	fprintf(stderr, "xrun: %s\n", m);
	exit(2);
}

int main(int argc, char **argv)
{
	if (argc != 2)
		die("usage: xrun PROG.elf");
	int fd = open(argv[1], O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0)
		die("cannot open the program");
	uint8_t *img = malloc((size_t)st.st_size);
	if (!img || read(fd, img, (size_t)st.st_size) != st.st_size)
		die("cannot read the program");
	close(fd);
	Elf32_Ehdr *eh = (Elf32_Ehdr *)img;
	if ((size_t)st.st_size < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS32 || eh->e_machine != EM_X86_64)
		die("not an ELF32 x86-64 program");
	for (int i = 0; i < eh->e_phnum; i++) {
		Elf32_Phdr *ph = (Elf32_Phdr *)(img + eh->e_phoff + (size_t)i * eh->e_phentsize);
		if (ph->p_type != PT_LOAD)
			continue;
		uintptr_t lo = ph->p_vaddr & ~0xffful;
		uintptr_t hi = (ph->p_vaddr + ph->p_memsz + 0xfff) & ~0xffful;
		void *p = mmap((void *)lo, hi - lo, PROT_READ | PROT_WRITE | PROT_EXEC,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		if (p != (void *)lo)
			die("cannot map a segment");
		memcpy((void *)(uintptr_t)ph->p_vaddr, img + ph->p_offset, ph->p_filesz);
	}
	if (mmap((void *)STACK_ADDR, STACK_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != (void *)STACK_ADDR)
		die("cannot map the stack");
	uint8_t *stub = mmap((void *)STUB_ADDR, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (stub != (uint8_t *)STUB_ADDR)
		die("cannot map the stub");
	/* push %rbx; mov %rsp,%rbx; mov %rsi,%rsp; nops; call *%rdi (ends at 32);
	 * mov %rbx,%rsp; pop %rbx; ret */
	static const uint8_t head[] = { 0x53, 0x48, 0x89, 0xe3, 0x48, 0x89, 0xf4 };
	static const uint8_t tail[] = { 0x48, 0x89, 0xdc, 0x5b, 0xc3 };
	memset(stub, 0x90, 64);
	memcpy(stub, head, sizeof head);
	stub[30] = 0xff;
	stub[31] = 0xd7;
	memcpy(stub + 32, tail, sizeof tail);
	const char *(*call)(uintptr_t, uintptr_t) = (const char *(*)(uintptr_t, uintptr_t))(void *)stub;
	uintptr_t r = (uintptr_t)call(eh->e_entry, STACK_ADDR + STACK_SIZE - 64);
	fputs((const char *)(r & 0xffffffffu), stdout);
	return 0;
}
