/* udpecho.c - tiny UDP echo server for the nat-hostfwd test's guest
 *
 * udpecho PORT: answers every datagram on 0.0.0.0:PORT with "echo:" and
 * the datagram.  The guest's busybox has no UDP server applet, so the
 * test builds this static and hands it to the guest over fw_cfg.  It is
 * freestanding (x86-64 syscalls, no libc) to stay a few KiB: fw_cfg
 * reads are slow under TCG.  Build: see nat_udpecho in nat-lib.sh
 */
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>

static long sc6(long n, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall" : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

static void say(const char *s)
{
	long n = 0;

	while (s[n])
		n++;
	sc6(SYS_write, 1, (long)s, n, 0, 0, 0);
}

__attribute__((used)) void udpecho_main(long *sp)
{
	long argc = sp[0];
	char **argv = (char **)(sp + 1);
	struct sockaddr_in a = { .sin_family = AF_INET };
	static char buf[70000];
	unsigned int port = 0;
	long s;

	if (argc != 2)
		sc6(SYS_exit, 2, 0, 0, 0, 0, 0);
	for (const char *p = argv[1]; *p >= '0' && *p <= '9'; p++)
		port = port * 10 + (unsigned int)(*p - '0');
	a.sin_port = (unsigned short)((port >> 8) | ((port & 0xff) << 8));
	s = sc6(SYS_socket, AF_INET, SOCK_DGRAM, 0, 0, 0, 0);
	if (s < 0 || sc6(SYS_bind, s, (long)&a, sizeof(a), 0, 0, 0) < 0) {
		say("udpecho: cannot bind\n");
		sc6(SYS_exit, 1, 0, 0, 0, 0, 0);
	}
	say("udpecho listening\n");
	for (;;) {
		struct sockaddr_in from;
		unsigned int fl = sizeof(from);
		long n;

		buf[0] = 'e', buf[1] = 'c', buf[2] = 'h', buf[3] = 'o', buf[4] = ':';
		n = sc6(SYS_recvfrom, s, (long)(buf + 5), sizeof(buf) - 5, 0,
			(long)&from, (long)&fl);
		if (n >= 0)
			sc6(SYS_sendto, s, (long)buf, n + 5, 0, (long)&from, fl);
	}
}

__asm__(".globl _start\n"
	"_start:\n"
	"	mov %rsp, %rdi\n"
	"	and $-16, %rsp\n"
	"	call udpecho_main\n"
	"	hlt\n");
