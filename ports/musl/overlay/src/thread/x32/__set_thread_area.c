/* ZeroVM: the thread pointer is a variable, not the %fs base (see
 * patches/0002-x32-thread-pointer.patch). One thread, so one pointer. */
#include <stdint.h>

uintptr_t __zrt_thread_pointer;

int __set_thread_area(void *p)
{
	__zrt_thread_pointer = (uintptr_t)p;
	return 0;
}
