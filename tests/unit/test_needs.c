// SPDX-License-Identifier: GPL-2.0-or-later
/* test_needs.c - unit tests of what each -netdev type declares it needs
 * after start-up (struct netdev_type's needs(), emu/netdev.c), which the
 * sandbox combines (emu/sandbox.c)
 */

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "netdev.h"
#include "optstring.h"

#define BIT(need)	(1U << (need))

/* Options of the last needs_of(): the needs point into them */
static struct opts cur;

/* The needs of @text; the option string is left as it was (nothing used) */
static int needs_of(const char *text, struct netdev_needs *n)
{
	int ret;

	opts_free(&cur);
	assert_int_equal(opts_parse(&cur, "-netdev", text, "type"), 0);
	ret = netdev_needs(&cur, n);
	for (unsigned int i = 0; i < cur.n; i++)
		assert_false(cur.kv[i].used);
	return ret;
}

static void expect_none(const char *text)
{
	struct netdev_needs n;

	assert_int_equal(needs_of(text, &n), 0);
	if (n.mask)
		fail_msg("'%s': needs 0x%x, expected none", text, n.mask);
}

static void test_plain_ports_need_nothing(void **state)
{
	(void)state;
	expect_none("socket,id=s,listen=127.0.0.1:1");
	expect_none("socket,id=s,mcast=230.0.0.1:1234");
	expect_none("stream,id=s,server=on,addr.type=inet,addr.host=::1,addr.port=1");
	expect_none("dgram,id=d,local.type=inet,local.host=::1,local.port=1");
	expect_none("hubport,id=h,hubid=1");
	expect_none("tap,id=t,ifname=tap0,script=no,downscript=no");
	expect_none("tap,id=t,fd=3");
}

static void test_unix_addresses_need_files(void **state)
{
	struct netdev_needs n;

	(void)state;
	assert_int_equal(needs_of("stream,id=s,server=on,addr.type=unix,addr.path=/x", &n), 0);
	assert_int_equal(n.mask, BIT(NEED_FS));
	assert_string_equal(n.by[NEED_FS].key, "addr.type");
	assert_string_equal(n.by[NEED_FS].what, "unix socket addresses");
	assert_int_equal(needs_of("dgram,id=d,local.type=inet,local.port=1,remote.type=unix,"
				  "remote.path=/x", &n), 0);
	assert_int_equal(n.mask, BIT(NEED_FS));
	assert_string_equal(n.by[NEED_FS].key, "remote.type");
}

static void test_programs(void **state)
{
	struct netdev_needs n;

	(void)state;
	assert_int_equal(needs_of("bridge,id=b,br=br0", &n), 0);
	assert_int_equal(n.mask, BIT(NEED_EXEC_OPEN));
	assert_null(n.by[NEED_EXEC_OPEN].key);
	assert_string_equal(n.by[NEED_EXEC_OPEN].what, "the bridge helper");
	assert_int_equal(needs_of("netns,id=n,cmd=true", &n), 0);
	assert_int_equal(n.mask, BIT(NEED_EXEC_OPEN));
	assert_null(n.by[NEED_EXEC_OPEN].key);

	assert_int_equal(needs_of("tap,id=t,ifname=t0,script=/up,downscript=/down", &n), 0);
	assert_int_equal(n.mask, BIT(NEED_EXEC_OPEN) | BIT(NEED_EXEC_CLOSE));
	assert_string_equal(n.by[NEED_EXEC_OPEN].key, "script");
	assert_string_equal(n.by[NEED_EXEC_CLOSE].key, "downscript");
	assert_string_equal(n.by[NEED_EXEC_CLOSE].value, "/down");
	/* the first source of a need is the one reported */
	assert_int_equal(needs_of("tap,id=t,script=/up,helper=/h", &n), 0);
	assert_int_equal(n.mask, BIT(NEED_EXEC_OPEN));
	assert_string_equal(n.by[NEED_EXEC_OPEN].key, "helper");
	assert_int_equal(needs_of("tap,id=t,downscript=/down", &n), 0);
	assert_int_equal(n.mask, BIT(NEED_EXEC_CLOSE));
}

static void test_user(void **state)
{
	struct netdev_needs n;

	(void)state;
	if (needs_of("user,id=u", &n) == -ENOENT)
		skip();		/* built without user-mode NAT */
	assert_int_equal(n.mask, BIT(NEED_FS));
	assert_int_equal(needs_of("user,id=u,guestfwd=tcp:10.0.2.100:1-chardev:c,"
				  "guestfwd=tcp:10.0.2.100:2-cmd:true", &n), 0);
	assert_int_equal(n.mask, BIT(NEED_FS) | BIT(NEED_EXEC_RUN));
	assert_string_equal(n.by[NEED_EXEC_RUN].key, "guestfwd");
	assert_string_equal(n.by[NEED_EXEC_RUN].value, "tcp:10.0.2.100:2-cmd:true");
	/* smb= forks smbd's keeper at open: start-up only in the sandbox */
	assert_int_equal(needs_of("user,id=u,smb=/srv", &n), 0);
	assert_int_equal(n.mask, BIT(NEED_FS) | BIT(NEED_EXEC_OPEN));
	assert_string_equal(n.by[NEED_EXEC_OPEN].key, "smb");
	assert_string_equal(n.by[NEED_EXEC_OPEN].value, "/srv");
}

static void test_vde(void **state)
{
	struct netdev_needs n;

	(void)state;
	if (needs_of("vde,id=v,sock=/tmp/sw", &n) == -ENOENT)
		skip();		/* built without libvdeplug */
	assert_int_equal(n.mask, BIT(NEED_DLOPEN) | BIT(NEED_NSS));
	assert_null(n.by[NEED_DLOPEN].key);
	assert_non_null(strstr(n.by[NEED_DLOPEN].what, "dlopen"));
	assert_int_equal(needs_of("vde,id=v,sock=vxvde://239.1.2.3", &n), 0);
	assert_int_equal(n.mask, BIT(NEED_DLOPEN) | BIT(NEED_NSS));
	assert_int_equal(needs_of("vde,id=v,sock=hub:///tmp/h", &n), 0);
	assert_int_equal(n.mask, BIT(NEED_DLOPEN) | BIT(NEED_NSS) | BIT(NEED_FS));
	assert_string_equal(n.by[NEED_FS].key, "sock");
	assert_int_equal(needs_of("vde,id=v,sock=ptp:///tmp/p", &n), 0);
	assert_true(n.mask & BIT(NEED_FS));
	assert_int_equal(needs_of("vde,id=v,sock=cmd://ssh h vde_plug", &n), 0);
	assert_true(n.mask & BIT(NEED_EXEC_OPEN));
}

static void test_vdeswitch(void **state)
{
	struct netdev_needs n;

	(void)state;
	assert_int_equal(needs_of("vdeswitch,id=v,sock=/tmp/sw", &n), 0);
	assert_int_equal(n.mask, BIT(NEED_FS));
	assert_null(n.by[NEED_FS].key);
	/* a group by number needs no NSS; by name it does */
	assert_int_equal(needs_of("vdeswitch,id=v,sock=/tmp/sw,group=65534", &n), 0);
	assert_int_equal(n.mask, BIT(NEED_FS));
	assert_int_equal(needs_of("vdeswitch,id=v,sock=/tmp/sw,group=kvm", &n), 0);
	assert_int_equal(n.mask, BIT(NEED_FS) | BIT(NEED_NSS));
	assert_string_equal(n.by[NEED_NSS].key, "group");
	assert_string_equal(n.by[NEED_NSS].value, "kvm");
	assert_int_equal(needs_of("vdeswitch,id=v,sock=/tmp/sw,group=12x", &n), 0);
	assert_true(n.mask & BIT(NEED_NSS));
}

static void test_unknown_type(void **state)
{
	struct netdev_needs n;

	(void)state;
	assert_int_equal(needs_of("nosuch,id=x", &n), -ENOENT);
	assert_int_equal(n.mask, 0);
	assert_int_equal(needs_of("id=x", &n), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_ports_need_nothing),
		cmocka_unit_test(test_unix_addresses_need_files),
		cmocka_unit_test(test_programs),
		cmocka_unit_test(test_user),
		cmocka_unit_test(test_vde),
		cmocka_unit_test(test_vdeswitch),
		cmocka_unit_test(test_unknown_type),
	};

	int ret = cmocka_run_group_tests_name("needs", tests, NULL, NULL);

	opts_free(&cur);
	return ret;
}
