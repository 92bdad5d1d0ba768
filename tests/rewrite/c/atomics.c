/* Atomics (lock prefix), bit tricks, cmov/setcc, builtins. */
int counter;
long long counter64;

int inc(void) { return __atomic_add_fetch(&counter, 1, __ATOMIC_SEQ_CST); }
long long inc64(void) { return __atomic_fetch_add(&counter64, 5, __ATOMIC_RELAXED); }
int cas(int *p, int old, int new_) { return __atomic_compare_exchange_n(p, &old, new_, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); }
int swap(int *p, int v) { return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST); }
void fence(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
int sync_or(int *p) { return __sync_fetch_and_or(p, 4); }
void store_rel(int *p, int v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
int minmax(int a, int b, int c) { int m = a < b ? a : b; return m > c ? m : c; }
int is_pow2(unsigned x) { return x && !(x & (x - 1)); }
int test_bit(const unsigned *v, int i) { return (v[i >> 5] >> (i & 31)) & 1; }
void set_bit(unsigned *v, int i) { v[i >> 5] |= 1u << (i & 31); }
void trap_if(int x) { if (x) __builtin_trap(); }
int unreach(int x) { if (x > 3) __builtin_unreachable(); return x * 2; }
unsigned char sat_add(unsigned char a, unsigned char b) { unsigned s = a + b; return s > 255 ? 255 : (unsigned char)s; }
