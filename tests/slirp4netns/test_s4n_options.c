// SPDX-License-Identifier: GPL-2.0-or-later
/* test_s4n_options.c - unit tests of slirp4netns' command line
 * (slirp4netns/s4n_options.c, s4n_netcfg.c, s4n_usage.c): defaults, every
 * option, both error stages with slirp4netns 1.2's messages, --help and
 * --version
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <cmocka.h>

#include "s4n_options.h"

#define MAX_ARGS 32

/**
 * struct run - one parse: its result and what it printed
 * @rc:		result
 * @o:		options
 * @out:	the WARNING stream
 * @err:	the error stream
 * @argv:	the arguments (copies; @o points into them)
 */
struct run {
	enum s4n_parse_result rc;
	struct s4n_options o;
	char *out;
	char *err;
	char *argv[MAX_ARGS];
};

static const struct ifaddrs *test_ifa;

/* parse() - parse "slirp4netns ARGS..." (NULL-terminated) */
static struct run *parse(const char *first, ...)
{
	struct run *r = calloc(1, sizeof(*r));
	size_t outlen, errlen;
	FILE *out, *err;
	const char *a;
	va_list ap;
	int argc = 0;

	assert_non_null(r);
	r->argv[argc++] = strdup("slirp4netns");
	va_start(ap, first);
	for (a = first; a; a = va_arg(ap, const char *)) {
		assert_true(argc < MAX_ARGS - 1);
		r->argv[argc++] = strdup(a);
	}
	va_end(ap);
	out = open_memstream(&r->out, &outlen);
	err = open_memstream(&r->err, &errlen);
	assert_non_null(out);
	assert_non_null(err);
	r->rc = s4n_options_parse(&r->o, argc, r->argv, test_ifa, out, err);
	fclose(out);
	fclose(err);
	return r;
}

static void run_free(struct run *r)
{
	int i;

	for (i = 0; i < MAX_ARGS && r->argv[i]; i++)
		free(r->argv[i]);
	free(r->out);
	free(r->err);
	free(r);
}

static void assert_addr(struct in_addr a, const char *want)
{
	char buf[INET_ADDRSTRLEN];

	assert_non_null(inet_ntop(AF_INET, &a, buf, sizeof(buf)));
	assert_string_equal(buf, want);
}

/* expect() - parse, check result and error text (exact), free */
static void expect(enum s4n_parse_result rc, const char *err, struct run *r)
{
	if (r->rc != rc)
		fail_msg("result %d, expected %d (err '%s')", r->rc, rc, r->err);
	assert_string_equal(r->err, err);
	run_free(r);
}

static void test_defaults(void **state)
{
	struct run *r = parse("1234", "tap0", NULL);

	(void)state;
	assert_int_equal(r->rc, S4N_RUN);
	assert_false(r->o.configure);
	assert_int_equal(r->o.exit_fd, -1);
	assert_int_equal(r->o.ready_fd, -1);
	assert_int_equal(r->o.mtu, 1500);
	assert_false(r->o.ipv6);
	assert_null(r->o.api_socket);
	assert_int_equal(r->o.netns_type, S4N_NETNS_PID);
	assert_int_equal(r->o.target_pid, 1234);
	assert_int_equal(r->o.tapfd, -1);
	assert_string_equal(r->o.tapname, "tap0");
	assert_addr(r->o.net.network, "10.0.2.0");
	assert_addr(r->o.net.netmask, "255.255.255.0");
	assert_int_equal(r->o.net.prefix, 24);
	assert_addr(r->o.net.host, "10.0.2.2");
	assert_addr(r->o.net.dns, "10.0.2.3");
	assert_addr(r->o.net.dhcp_start, "10.0.2.15");
	assert_addr(r->o.net.dhcp_end, "10.0.2.30");
	assert_addr(r->o.net.guest, "10.0.2.100");
	assert_string_equal(r->out, "");
	assert_string_equal(r->err, "");
	run_free(r);
}

/* the command lines RootlessKit 1.1 and Podman 4.3 use */
static void test_callers(void **state)
{
	struct run *r;

	(void)state;
	r = parse("--mtu", "65520", "-r", "3", "--disable-host-loopback",
		  "--cidr", "10.0.3.0/24", "--api-socket", "/tmp/x/.s4nn.sock",
		  "--enable-sandbox", "--enable-seccomp", "--enable-ipv6",
		  "4321", "tap0", NULL);
	assert_int_equal(r->rc, S4N_RUN);
	assert_int_equal(r->o.mtu, 65520);
	assert_int_equal(r->o.ready_fd, 3);
	assert_true(r->o.disable_host_loopback && r->o.sandbox &&
		    r->o.seccomp && r->o.ipv6);
	assert_addr(r->o.net.guest, "10.0.3.100");
	assert_string_equal(r->o.api_socket, "/tmp/x/.s4nn.sock");
	assert_string_equal(r->out, "WARNING: Support for seccomp is experimental\n"
			    "WARNING: Support for IPv6 is experimental\n");
	run_free(r);

	r = parse("--disable-host-loopback", "--mtu=65520", "--enable-sandbox",
		  "-c", "-e", "3", "-r", "4", "--netns-type=path",
		  "/proc/self/ns/net", "tap0", NULL);
	assert_int_equal(r->rc, S4N_RUN);
	assert_true(r->o.configure);
	assert_int_equal(r->o.exit_fd, 3);
	assert_int_equal(r->o.ready_fd, 4);
	assert_int_equal(r->o.netns_type, S4N_NETNS_PATH);
	assert_string_equal(r->o.netns_path, "/proc/self/ns/net");
	run_free(r);
}

static void test_getopt_forms(void **state)
{
	struct run *r;

	(void)state;
	/* abbreviations, clustered short options, options after TARGET */
	r = parse("--conf", "-6c", "-m9000", "1", "tap1", "--api=/s", NULL);
	assert_int_equal(r->rc, S4N_RUN);
	assert_true(r->o.configure && r->o.ipv6);
	assert_int_equal(r->o.mtu, 9000);
	assert_string_equal(r->o.api_socket, "/s");
	assert_string_equal(r->o.tapname, "tap1");
	run_free(r);
	/* deprecated spellings still work, with a warning */
	r = parse("--no-host-loopback", "--create-sandbox", "1", "t", NULL);
	assert_int_equal(r->rc, S4N_RUN);
	assert_true(r->o.disable_host_loopback && r->o.sandbox);
	assert_non_null(strstr(r->out, "--no-host-loopback is deprecated"));
	assert_non_null(strstr(r->out, "--create-sandbox is deprecated"));
	run_free(r);
	/* more than two positionals: a warning, not an error */
	r = parse("1", "tap0", "extra", NULL);
	assert_int_equal(r->rc, S4N_RUN);
	assert_string_equal(r->out, "WARNING: too many arguments\n");
	run_free(r);
	/* the last of a repeated option wins */
	r = parse("-m", "1400", "--mtu=1280", "1", "t", NULL);
	assert_int_equal(r->o.mtu, 1280);
	run_free(r);
}

static void test_numbers(void **state)
{
	(void)state;
	expect(S4N_USAGE_ERROR, "exit-fd must be a non-negative integer\n",
	       parse("-e", "-1", "1", "t", NULL));
	expect(S4N_USAGE_ERROR, "exit-fd must be a non-negative integer\n",
	       parse("-e", "4294967296", "1", "t", NULL));
	expect(S4N_USAGE_ERROR, "ready-fd must be a non-negative integer\n",
	       parse("-r", "1x", "1", "t", NULL));
	expect(S4N_USAGE_ERROR, "ready-fd must be a non-negative integer\n",
	       parse("-r", "", "1", "t", NULL));
	expect(S4N_USAGE_ERROR, "MTU must be a positive integer (< 65522)\n",
	       parse("-m", "0", "1", "t", NULL));
	expect(S4N_USAGE_ERROR, "MTU must be a positive integer (< 65522)\n",
	       parse("-m", "65522", "1", "t", NULL));
	expect(S4N_USAGE_ERROR, "MTU must be a positive integer (< 65522)\n",
	       parse("--mtu=abc", "1", "t", NULL));
	expect(S4N_RUN, "", parse("-m", "65521", "1", "t", NULL));
	expect(S4N_RUN, "", parse("-m", "1", "-e", "0", "1", "t", NULL));
	expect(S4N_USAGE_ERROR, "PID must be a positive integer\n",
	       parse("0", "t", NULL));
	expect(S4N_USAGE_ERROR, "PID must be a positive integer\n",
	       parse("--", "-5", "t", NULL));
	expect(S4N_USAGE_ERROR, "PID must be a positive integer\n",
	       parse("abc", "t", NULL));
}

static void test_positionals(void **state)
{
	struct run *r;

	(void)state;
	expect(S4N_USAGE_ERROR, "", parse(NULL));
	expect(S4N_USAGE_ERROR, "", parse("1", NULL));	/* TAPNAME missing */
	expect(S4N_USAGE_ERROR,
	       "existing path expected when --netns-type=path: No such file or directory\n",
	       parse("--netns-type=path", "/nonexistent/gn", "t", NULL));
	/* slirp4netns takes any type but pid and tapfd as a path */
	expect(S4N_USAGE_ERROR,
	       "existing path expected when --netns-type=path: No such file or directory\n",
	       parse("--netns-type=foo", "/nonexistent/gn", "t", NULL));
	expect(S4N_USAGE_ERROR, "", parse("--netns-type=path", "/proc/self/ns/net", NULL));
	/* 1.3's tap fd: no TAPNAME needed */
	r = parse("--netns-type=tapfd", "7", NULL);
	assert_int_equal(r->rc, S4N_RUN);
	assert_int_equal(r->o.netns_type, S4N_NETNS_TAPFD);
	assert_int_equal(r->o.tapfd, 7);
	assert_null(r->o.tapname);
	run_free(r);
	expect(S4N_USAGE_ERROR, "TAPFD must a file descriptor\n",
	       parse("--netns-type=tapfd", "x", NULL));
	r = parse("--netns-type=pid", "--userns-path=/proc/self/ns/user", "9", "t", NULL);
	assert_int_equal(r->rc, S4N_RUN);
	assert_string_equal(r->o.userns_path, "/proc/self/ns/user");
	run_free(r);
	expect(S4N_USAGE_ERROR, "userns path doesn't exist: /nonexistent/u\n",
	       parse("--userns-path=/nonexistent/u", "9", "t", NULL));
}

static void test_getopt_errors(void **state)
{
	(void)state;
	/* getopt_long() writes these itself (to stderr), as in slirp4netns */
	expect(S4N_USAGE_ERROR, "", parse("--foo", "1", "t", NULL));
	expect(S4N_USAGE_ERROR, "", parse("-x", "1", "t", NULL));
	expect(S4N_USAGE_ERROR, "", parse("-e", NULL));
	expect(S4N_USAGE_ERROR, "", parse("--configure=1", "1", "t", NULL));
	expect(S4N_USAGE_ERROR, "", parse("--help=x", NULL));
}

static void test_help_version(void **state)
{
	(void)state;
	expect(S4N_HELP, "", parse("-h", NULL));
	expect(S4N_HELP, "", parse("--help", "--foo", NULL));
	expect(S4N_VERSION, "", parse("-v", NULL));
	/* an error before -h wins, as in slirp4netns */
	expect(S4N_USAGE_ERROR, "MTU must be a positive integer (< 65522)\n",
	       parse("-m", "0", "-h", NULL));
}

static void test_target_type_and_mac(void **state)
{
	struct run *r;

	(void)state;
	expect(S4N_USAGE_ERROR, "--target-type must be either \"netns\" or \"bess\"\n",
	       parse("--target-type=foo", "1", "t", NULL));
	expect(S4N_RUN, "", parse("--target-type=netns", "1", "t", NULL));
	expect(S4N_CONFIG_ERROR,
	       "--target-type=bess is not supported by guestnet-slirp4netns (only netns)\n",
	       parse("--target-type=bess", "1", "t", NULL));
	expect(S4N_USAGE_ERROR,
	       "--macaddr cannot be specified when --configure or -c is not specified\n",
	       parse("--macaddress=0e:d4:18:d9:38:fb", "1", "t", NULL));
	r = parse("--macaddress=0e:D4:18:d9:38:f", "-c", "1", "t", NULL);
	assert_int_equal(r->rc, S4N_RUN);
	assert_memory_equal(r->o.mac, "\x0e\xd4\x18\xd9\x38\x0f", 6);
	run_free(r);
	expect(S4N_CONFIG_ERROR,
	       "\"zz\" is an invalid MAC address.\n"
	       "macaddress has to be a valid MAC address (hex string, 6 bytes, each byte separated by a ':').\n",
	       parse("-c", "--macaddress=zz", "1", "t", NULL));
	expect(S4N_CONFIG_ERROR,
	       "\"0:1:2:3:4:5:6\" is an invalid MAC address.  Is it too long?\n"
	       "macaddress has to be a valid MAC address (hex string, 6 bytes, each byte separated by a ':').\n",
	       parse("-c", "--macaddress=0:1:2:3:4:5:6", "1", "t", NULL));
	expect(S4N_CONFIG_ERROR,
	       "\"0:1:2:3:4\" is an invalid MAC address.\n"
	       "macaddress has to be a valid MAC address (hex string, 6 bytes, each byte separated by a ':').\n",
	       parse("-c", "--macaddress=0:1:2:3:4", "1", "t", NULL));
	expect(S4N_CONFIG_ERROR,
	       "\"001:1:2:3:4:5\" is an invalid MAC address.\n"
	       "macaddress has to be a valid MAC address (hex string, 6 bytes, each byte separated by a ':').\n",
	       parse("-c", "--macaddress=001:1:2:3:4:5", "1", "t", NULL));
}

static void test_cidr(void **state)
{
	struct run *r;

	(void)state;
	r = parse("--cidr", "10.0.135.128/25", "1", "t", NULL);
	assert_int_equal(r->rc, S4N_RUN);
	assert_addr(r->o.net.netmask, "255.255.255.128");
	assert_addr(r->o.net.host, "10.0.135.130");
	assert_addr(r->o.net.dns, "10.0.135.131");
	assert_addr(r->o.net.guest, "10.0.135.228");
	run_free(r);
	r = parse("--cidr=192.168.0.0/16", "1", "t", NULL);
	assert_addr(r->o.net.guest, "192.168.0.100");
	run_free(r);
	expect(S4N_CONFIG_ERROR, "invalid CIDR: 24\n", parse("--cidr", "24", "1", "t", NULL));
	expect(S4N_CONFIG_ERROR, "invalid CIDR: foo\n", parse("--cidr", "foo", "1", "t", NULL));
	expect(S4N_CONFIG_ERROR, "invalid CIDR: 10.0.2.0\n", parse("--cidr", "10.0.2.0", "1", "t", NULL));
	expect(S4N_CONFIG_ERROR, "invalid CIDR: 10.0.2.0/024\n", parse("--cidr=10.0.2.0/024", "1", "t", NULL));
	expect(S4N_CONFIG_ERROR, "invalid CIDR: 10.0.2.0/24 \n", parse("--cidr=10.0.2.0/24 ", "1", "t", NULL));
	expect(S4N_CONFIG_ERROR, "invalid CIDR: 1000.0.2.0/24\n", parse("--cidr=1000.0.2.0/24", "1", "t", NULL));
	expect(S4N_CONFIG_ERROR, "invalid network address: 999.0.2.0\n",
	       parse("--cidr=999.0.2.0/24", "1", "t", NULL));
	expect(S4N_CONFIG_ERROR,
	       "CIDR needs to be a network address like 10.0.2.0/24, not like 10.0.2.100/24\n",
	       parse("--cidr", "10.0.2.100/24", "1", "t", NULL));
	expect(S4N_CONFIG_ERROR, "prefix length needs to be 1-25\n",
	       parse("--cidr", "10.0.2.100/26", "1", "t", NULL));
	expect(S4N_CONFIG_ERROR, "prefix length needs to be 1-25\n",
	       parse("--cidr", "10.0.2.0/0", "1", "t", NULL));
	expect(S4N_RUN, "", parse("--cidr", "128.0.0.0/1", "1", "t", NULL));
}

static void test_outbound(void **state)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	struct ifaddrs v6 = { .ifa_name = (char *)"gn0", .ifa_addr = (struct sockaddr *)&sin6 };
	struct ifaddrs v4 = { .ifa_next = &v6, .ifa_name = (char *)"gn0", .ifa_addr = (struct sockaddr *)&sin };
	char buf[INET6_ADDRSTRLEN];
	struct run *r;

	(void)state;
	inet_pton(AF_INET, "192.0.2.7", &sin.sin_addr);
	inet_pton(AF_INET6, "2001:db8::7", &sin6.sin6_addr);
	test_ifa = &v4;
	r = parse("--outbound-addr=192.0.2.1", "--outbound-addr6=gn0", "1", "t", NULL);
	assert_int_equal(r->rc, S4N_RUN);
	assert_addr(r->o.outbound4, "192.0.2.1");
	inet_ntop(AF_INET6, &r->o.outbound6, buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8::7");
	assert_string_equal(r->out, "WARNING: Support for --outbound-addr is experimental\n"
			    "WARNING: Support for --outbound-addr6 is experimental\n");
	run_free(r);
	r = parse("--outbound-addr=gn0", "1", "t", NULL);
	assert_addr(r->o.outbound4, "192.0.2.7");
	run_free(r);
	expect(S4N_CONFIG_ERROR, "outbound-addr has to be valid ipv4 address or interface name.\n",
	       parse("--outbound-addr=gn1", "1", "t", NULL));
	expect(S4N_CONFIG_ERROR, "outbound-addr has to be valid ipv4 address or interface name.\n",
	       parse("--outbound-addr=2001:db8::1", "1", "t", NULL));
	expect(S4N_CONFIG_ERROR, "outbound-addr6 has to be valid ipv6 address or interface name.\n",
	       parse("--outbound-addr6=192.0.2.1", "1", "t", NULL));
	test_ifa = NULL;
	expect(S4N_CONFIG_ERROR, "outbound-addr has to be valid ipv4 address or interface name.\n",
	       parse("--outbound-addr=gn0", "1", "t", NULL));
}

static void test_api_socket_length(void **state)
{
	char path[S4N_SUN_PATH_MAX + 1];

	(void)state;
	memset(path, 'a', sizeof(path) - 1);
	path[0] = '/';
	path[S4N_SUN_PATH_MAX] = '\0';
	expect(S4N_CONFIG_ERROR, "the specified API socket path is too long (>= 108)\n",
	       parse("-a", path, "1", "t", NULL));
	path[S4N_SUN_PATH_MAX - 1] = '\0';
	expect(S4N_RUN, "", parse("-a", path, "1", "t", NULL));
}

/* every option name a caller greps --help for, in its own words */
static void test_usage_names(void **state)
{
	static const char *const names[] = {
		"--configure", "--exit-fd", "--ready-fd", "--mtu",
		"--enable-ipv6", "--api-socket", "--cidr",
		"--disable-host-loopback", "--netns-type", "--userns-path",
		"--enable-sandbox", "--enable-seccomp", "--outbound-addr",
		"--outbound-addr6", "--disable-dns", "--macaddress",
		"--target-type", "--help", "--version", "tapfd",
	};
	char *text = NULL;
	size_t len, i;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	s4n_print_usage(f, "slirp4netns");
	fclose(f);
	assert_true(strncmp(text, "Usage: slirp4netns [OPTION]... PID|PATH|FD [TAPNAME]\n", 53) == 0);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strstr(text, names[i]))
			fail_msg("--help lacks %s", names[i]);
	assert_non_null(strstr(text, "default=1500, max=65521"));
	assert_non_null(strstr(text, "default=10.0.2.0/24"));
	free(text);
}

static void test_version(void **state)
{
	struct s4n_version_info v = { "4.7.0", 4, "2.5.4" };
	char *text = NULL;
	size_t len;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	s4n_print_version(f, &v);
	fclose(f);
	assert_true(strncmp(text, "slirp4netns version 1.2.0 (guestnet-slirp4netns ", 48) == 0);
	assert_non_null(strstr(text, "\nlibslirp: 4.7.0\n"));
	assert_non_null(strstr(text, "\nSLIRP_CONFIG_VERSION_MAX: 4\n"));
	assert_non_null(strstr(text, "\nlibseccomp: 2.5.4\n"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_callers),
		cmocka_unit_test(test_getopt_forms),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_positionals),
		cmocka_unit_test(test_getopt_errors),
		cmocka_unit_test(test_help_version),
		cmocka_unit_test(test_target_type_and_mac),
		cmocka_unit_test(test_cidr),
		cmocka_unit_test(test_outbound),
		cmocka_unit_test(test_api_socket_length),
		cmocka_unit_test(test_usage_names),
		cmocka_unit_test(test_version),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
