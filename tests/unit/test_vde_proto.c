// SPDX-License-Identifier: GPL-2.0-or-later
/* test_vde_proto.c - unit tests of vde_switch's control protocol
 * (emu/port_vdeswitch_proto.c)
 *
 * Requests are laid out byte by byte here, as libvdeplug 4.0.1 sends them
 * (seen with strace: 122 bytes of header, then strlen(description)
 * bytes), not with the parser's own constants, so a layout mistake in the
 * parser cannot hide behind the same mistake in the test.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <cmocka.h>

#include "port_vdeswitch_proto.h"

#define HDR	122

/* A request as libvdeplug's vde:// plugin builds it; returns its length */
static size_t make_req(uint8_t *buf, uint32_t magic, uint32_t version,
		       uint32_t type, const char *path, const char *descr)
{
	uint16_t family = AF_UNIX;
	size_t n = strlen(descr);

	memset(buf, 0, HDR + n);
	memcpy(buf, &magic, 4);
	memcpy(buf + 4, &version, 4);
	memcpy(buf + 8, &type, 4);
	memcpy(buf + 12, &family, 2);
	memcpy(buf + 14, path, strlen(path));
	memcpy(buf + HDR, descr, n);
	return HDR + n;
}

static size_t good_req(uint8_t *buf)
{
	return make_req(buf, 0xfeedface, 3, 0, "/tmp/vx/sw/.11060-00000",
			"vdeplug: user=nobody pid=11060");
}

/* parse and expect -EINVAL with exactly @msg */
static void refused(const uint8_t *buf, size_t len, const char *msg)
{
	struct vdesw_request r;
	const char *why = NULL;

	memset(&r, 0x5a, sizeof(r));
	assert_int_equal(vdesw_request_parse(buf, len, &r, &why), -EINVAL);
	assert_non_null(why);
	assert_string_equal(why, msg);
	assert_int_equal(r.port, 0x5a5a5a5a);	/* untouched on failure */
}

static void test_layout_constants(void **state)
{
	(void)state;
	assert_int_equal(VDESW_REQ_HDR_LEN, HDR);
	assert_int_equal(VDESW_SOCK_LEN, 110);
	assert_int_equal(VDESW_REQ_MAX_LEN, 250);
	assert_int_equal(VDESW_PATH_MAX, 107);
}

/* The request vde_plug sent to a real vde_switch (strace, 152 bytes) */
static void test_real_vde_plug_request(void **state)
{
	uint8_t buf[256];
	struct vdesw_request r;
	const char *why = NULL;
	size_t n = good_req(buf);

	(void)state;
	assert_int_equal(n, 152);
	assert_memory_equal(buf, "\xce\xfa\xed\xfe\x03\0\0\0\0\0\0\0\x01\0/tmp", 18);
	assert_int_equal(vdesw_request_parse(buf, n, &r, &why), 0);
	assert_int_equal(r.port, 0);
	assert_string_equal(r.path, "/tmp/vx/sw/.11060-00000");
	assert_string_equal(r.descr, "vdeplug: user=nobody pid=11060");
}

static void test_port_in_type(void **state)
{
	uint8_t buf[256];
	struct vdesw_request r;
	const char *why = NULL;
	size_t n = make_req(buf, 0xfeedface, 3, 7u << 8, "/s", "QEMU");

	(void)state;
	assert_int_equal(vdesw_request_parse(buf, n, &r, &why), 0);
	assert_int_equal(r.port, 7);
	n = make_req(buf, 0xfeedface, 3, 1024u << 8, "/s", "");
	assert_int_equal(vdesw_request_parse(buf, n, &r, &why), 0);
	assert_int_equal(r.port, 1024);
	assert_string_equal(r.descr, "");
	n = make_req(buf, 0xfeedface, 3, 1025u << 8, "/s", "");
	refused(buf, n, "port number out of range (at most 1024)");
	n = make_req(buf, 0xfeedface, 3, 0xffffff00u, "/s", "");
	refused(buf, n, "port number out of range (at most 1024)");
}

static void test_bad_type(void **state)
{
	uint8_t buf[256];
	size_t n;

	(void)state;
	n = make_req(buf, 0xfeedface, 3, 1, "/s", "");
	refused(buf, n, "request for the management port 0 (not served)");
	n = make_req(buf, 0xfeedface, 3, 2, "/s", "");
	refused(buf, n, "unknown request type");
	n = make_req(buf, 0xfeedface, 3, (3u << 8) | 0xff, "/s", "");
	refused(buf, n, "unknown request type");
}

static void test_bad_magic(void **state)
{
	uint8_t buf[256];
	size_t n = make_req(buf, 0xfeedfacf, 3, 0, "/s", "x");

	(void)state;
	refused(buf, n, "bad magic (not a VDE request)");
	/* known as soon as the first 4 bytes are there */
	refused(buf, 4, "bad magic (not a VDE request)");
	/* the other byte order is not a VDE request either */
	n = make_req(buf, 0xcefaedfe, 3, 0, "/s", "x");
	refused(buf, n, "bad magic (not a VDE request)");
	/* an HTTP request, say */
	memcpy(buf, "GET / HTTP/1.0\r\n\r\n", 18);
	refused(buf, 18, "bad magic (not a VDE request)");
}

static void test_bad_version(void **state)
{
	uint8_t buf[256];
	uint32_t versions[] = { 0, 1, 2, 4, 0x03000000, 0xffffffff };

	(void)state;
	for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
		size_t n = make_req(buf, 0xfeedface, versions[i], 0, "/s", "x");

		refused(buf, n, "unsupported protocol version (only 3)");
		refused(buf, 8, "unsupported protocol version (only 3)");
	}
}

static void test_truncated(void **state)
{
	uint8_t buf[256];
	struct vdesw_request r;
	const char *why;

	(void)state;
	good_req(buf);
	for (size_t len = 0; len < HDR; len++) {
		why = NULL;
		assert_int_equal(vdesw_request_parse(buf, len, &r, &why), -EAGAIN);
		assert_string_equal(why, "truncated request (shorter than 122 bytes)");
	}
	/* the fixed part alone is a whole request, with no description */
	assert_int_equal(vdesw_request_parse(buf, HDR, &r, &why), 0);
	assert_string_equal(r.descr, "");
}

static void test_bad_family(void **state)
{
	uint8_t buf[256];
	size_t n = good_req(buf);
	uint16_t fam;

	(void)state;
	fam = AF_INET;
	memcpy(buf + 12, &fam, 2);
	refused(buf, n, "data socket address is not AF_UNIX");
	fam = 0;
	memcpy(buf + 12, &fam, 2);
	refused(buf, n, "data socket address is not AF_UNIX");
}

static void test_bad_path(void **state)
{
	uint8_t buf[256];
	size_t n;

	(void)state;
	n = make_req(buf, 0xfeedface, 3, 0, "", "x");
	refused(buf, n, "data socket address is unnamed or abstract");
	/* abstract: a NUL, then a name */
	n = make_req(buf, 0xfeedface, 3, 0, "", "x");
	memcpy(buf + 15, "evil", 4);
	refused(buf, n, "data socket address is unnamed or abstract");
	n = make_req(buf, 0xfeedface, 3, 0, "relative/sock", "x");
	refused(buf, n, "data socket path is not absolute");
	/* all 108 bytes of sun_path used: no NUL */
	n = make_req(buf, 0xfeedface, 3, 0, "/", "x");
	memset(buf + 15, 'a', 107);
	refused(buf, n, "data socket path is not NUL-terminated");
}

static void test_longest_path(void **state)
{
	uint8_t buf[256];
	char path[108];
	struct vdesw_request r;
	const char *why = NULL;
	size_t n;

	(void)state;
	memset(path, 'p', 107);
	path[0] = '/';
	path[107] = '\0';
	n = make_req(buf, 0xfeedface, 3, 0, path, "d");
	assert_int_equal(vdesw_request_parse(buf, n, &r, &why), 0);
	assert_string_equal(r.path, path);
	assert_string_equal(r.descr, "d");
}

static void test_descr(void **state)
{
	uint8_t buf[300];
	char d[200];
	struct vdesw_request r;
	const char *why = NULL;
	size_t n;

	(void)state;
	memset(d, 'd', 128);
	d[128] = '\0';
	n = make_req(buf, 0xfeedface, 3, 0, "/s", d);
	assert_int_equal(vdesw_request_parse(buf, n, &r, &why), 0);
	assert_int_equal(strlen(r.descr), 128);
	d[128] = 'd';
	d[129] = '\0';
	n = make_req(buf, 0xfeedface, 3, 0, "/s", d);
	refused(buf, n, "description longer than 128 bytes (request over 250)");
	/* a NUL ends it (vde_switch strdup()s it) */
	n = make_req(buf, 0xfeedface, 3, 0, "/s", "QEMU user=me");
	buf[HDR + 4] = '\0';
	assert_int_equal(vdesw_request_parse(buf, n, &r, &why), 0);
	assert_string_equal(r.descr, "QEMU");
	/* UTF-8 user names pass; control characters do not */
	n = make_req(buf, 0xfeedface, 3, 0, "/s", "QEMU user=j\xc3\xb6rg");
	assert_int_equal(vdesw_request_parse(buf, n, &r, &why), 0);
	n = make_req(buf, 0xfeedface, 3, 0, "/s", "QEMU\nport=9 evil");
	refused(buf, n, "description contains a control character");
	n = make_req(buf, 0xfeedface, 3, 0, "/s", "a\x7f");
	refused(buf, n, "description contains a control character");
}

static void test_too_long(void **state)
{
	uint8_t buf[512];
	size_t n = good_req(buf);

	(void)state;
	memset(buf + n, 'x', sizeof(buf) - n);
	refused(buf, 251, "description longer than 128 bytes (request over 250)");
	refused(buf, sizeof(buf), "description longer than 128 bytes (request over 250)");
}

static void test_reply(void **state)
{
	struct sockaddr_un un;
	const char *why = NULL;
	char path[200];

	(void)state;
	assert_int_equal(vdesw_reply_build("/tmp/vx/sw/003.9", &un, &why), 0);
	assert_int_equal(un.sun_family, AF_UNIX);
	assert_string_equal(un.sun_path, "/tmp/vx/sw/003.9");
	/* the rest is zeroed: the reply is written whole, 110 bytes */
	for (size_t i = strlen(un.sun_path); i < sizeof(un.sun_path); i++)
		assert_int_equal(un.sun_path[i], 0);
	memset(path, 'r', sizeof(path));
	path[0] = '/';
	path[107] = '\0';
	assert_int_equal(vdesw_reply_build(path, &un, &why), 0);
	path[107] = 'r';
	path[108] = '\0';
	assert_int_equal(vdesw_reply_build(path, &un, &why), -ENAMETOOLONG);
	assert_string_equal(why, "socket path too long");
	assert_int_equal(vdesw_reply_build("rel/x", &un, &why), -EINVAL);
	assert_string_equal(why, "socket path is not absolute");
	assert_int_equal(vdesw_reply_build("", &un, &why), -EINVAL);
}

/* What the switch sends back parses as the address a client connects to */
static void test_reply_roundtrip(void **state)
{
	uint8_t buf[256];
	struct sockaddr_un un;
	struct vdesw_request r;
	const char *why = NULL;
	size_t n;

	(void)state;
	assert_int_equal(vdesw_reply_build("/run/user/65534/sw/001.5", &un, &why), 0);
	n = make_req(buf, 0xfeedface, 3, 0, "/x", "");
	memcpy(buf + 12, &un, sizeof(un));
	assert_int_equal(vdesw_request_parse(buf, n, &r, &why), 0);
	assert_string_equal(r.path, "/run/user/65534/sw/001.5");
}

static void test_paths(void **state)
{
	char buf[128], dir[120];
	const char *why = NULL;

	(void)state;
	assert_int_equal(vdesw_ctl_path("/tmp/sw", buf, sizeof(buf), &why), 0);
	assert_string_equal(buf, "/tmp/sw/ctl");
	assert_int_equal(vdesw_data_path("/tmp/sw", 1, 5, buf, sizeof(buf), &why), 0);
	assert_string_equal(buf, "/tmp/sw/001.5");
	assert_int_equal(vdesw_data_path("/tmp/sw", 1024, 77, buf, sizeof(buf), &why), 0);
	assert_string_equal(buf, "/tmp/sw/1024.77");
	/* refused, not truncated, past sun_path's 107 bytes */
	memset(dir, 'd', sizeof(dir));
	dir[0] = '/';
	dir[103] = '\0';	/* 103 + "/ctl" = 107 */
	assert_int_equal(vdesw_ctl_path(dir, buf, sizeof(buf), &why), 0);
	dir[103] = 'd';
	dir[104] = '\0';
	assert_int_equal(vdesw_ctl_path(dir, buf, sizeof(buf), &why), -ENAMETOOLONG);
	assert_string_equal(why, "socket path too long");
	dir[99] = '\0';		/* 99 + "/001.5" = 105 */
	assert_int_equal(vdesw_data_path(dir, 1, 5, buf, sizeof(buf), &why), 0);
	assert_int_equal(vdesw_data_path(dir, 1, 5555, buf, sizeof(buf), &why),
			 -ENAMETOOLONG);
	/* a small buffer is refused the same way */
	assert_int_equal(vdesw_ctl_path("/tmp/sw", buf, 11, &why), -ENAMETOOLONG);
	assert_int_equal(vdesw_ctl_path("/tmp/sw", buf, 12, &why), 0);
}

/* vde_switch's init(): -mod, --dirmode, both, neither */
static void test_modes(void **state)
{
	mode_t ctl, dir;

	(void)state;
	vdesw_modes(-1, -1, &ctl, &dir);
	assert_int_equal(ctl, 0600);
	assert_int_equal(dir, 02700);
	vdesw_modes(0660, -1, &ctl, &dir);
	assert_int_equal(ctl, 0660);
	assert_int_equal(dir, 02770);
	vdesw_modes(0666, -1, &ctl, &dir);
	assert_int_equal(dir, 02777);
	vdesw_modes(0640, -1, &ctl, &dir);
	assert_int_equal(dir, 02750);
	vdesw_modes(0600, -1, &ctl, &dir);
	assert_int_equal(dir, 02700);
	vdesw_modes(-1, 02770, &ctl, &dir);
	assert_int_equal(ctl, 0660);
	assert_int_equal(dir, 02770);
	vdesw_modes(0666, 0711, &ctl, &dir);
	assert_int_equal(ctl, 0666);
	assert_int_equal(dir, 0711);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_constants),
		cmocka_unit_test(test_real_vde_plug_request),
		cmocka_unit_test(test_port_in_type),
		cmocka_unit_test(test_bad_type),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_bad_version),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_family),
		cmocka_unit_test(test_bad_path),
		cmocka_unit_test(test_longest_path),
		cmocka_unit_test(test_descr),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_reply),
		cmocka_unit_test(test_reply_roundtrip),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_modes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
