/* ZeroVM: musl's x32 lseek issues the syscall instruction itself to keep the
 * 64-bit result; here __zrt_syscall returns 64 bits directly. */
#include <unistd.h>
#include "syscall.h"

off_t __lseek(int fd, off_t offset, int whence)
{
	off_t ret = __zrt_syscall(SYS_lseek, fd, offset, whence, 0, 0, 0);
	return ret < 0 ? __syscall_ret(ret) : ret;
}

weak_alias(__lseek, lseek);
weak_alias(__lseek, lseek64);
