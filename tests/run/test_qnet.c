// SPDX-License-Identifier: GPL-2.0-or-later
/* test_qnet.c - unit tests of the translation of QEMU's own network
 * options (run/qnet.c): every seed line, QEMU's MAC and model defaults,
 * -netdev/-nic/-redir forms, what stays in QEMU, and every error
 */

#include <setjmp.h>
#include <stdarg.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "qnet.h"

static char err[512];
static char qemu_out[8192], emu_out[8192];
static struct qnet q;

/* argv joined with blanks */
static void join(char *out, size_t len, const struct strv *v)
{
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < v->n; i++)
		o += (size_t)snprintf(out + o, len - o, "%s%s", i ? " " : "", v->v[i]);
}

/* Translate COMMAND (NULL-terminated words) with params p */
static int translate_p(const struct qnet_params *p, ...)
{
	static char *cmd[128];
	int n = 0, ret;
	va_list ap;

	va_start(ap, p);
	while ((cmd[n] = va_arg(ap, char *)))
		n++;
	va_end(ap);
	err[0] = '\0';
	qnet_free(&q);
	ret = qnet_translate(&q, cmd, p, err, sizeof(err));
	join(qemu_out, sizeof(qemu_out), &q.qemu);
	join(emu_out, sizeof(emu_out), &q.emu);
	assert_null(strchr(err, '\n'));
	return ret;
}

static const struct qnet_params plain = { .dir = "/R", .helper = "/H" };
static const struct qnet_params with_nat = {
	.dir = "/R", .helper = "/H", .guestnet_nics = true, .has_nat = true,
};

#define translate(...)	translate_p(&plain, __VA_ARGS__, NULL)

#define L(qid, eid)	"-netdev stream,id=" qid ",server=off,addr.type=unix,addr.path=/R/" eid ".sock"
#define S(eid, hub)	"-netdev stream,id=" eid ",hub=" hub ",server=on,addr.type=unix,addr.path=/R/" eid ".sock"

static void expect(const char *want_qemu, const char *want_emu)
{
	if (strcmp(qemu_out, want_qemu))
		fail_msg("QEMU:\n  got  %s\n  want %s", qemu_out, want_qemu);
	if (strcmp(emu_out, want_emu))
		fail_msg("emulator:\n  got  %s\n  want %s", emu_out, want_emu);
}

/* `-net nic,model=rtl8139,vlan=1,macaddr=52:54:00:12:34:56` on vlan 1 */
static void test_seed_rtl8139_vlan(void **state)
{
	(void)state;
	assert_int_equal(translate("qemu-system-x86_64", "-hda", "d.img",
				   "-net", "nic,model=rtl8139,vlan=1,macaddr=52:54:00:12:34:56",
				   "-net", "user,vlan=1"), 0);
	assert_true(q.active);
	expect("qemu-system-x86_64 -hda d.img " L("gnq1", "gnq2")
	       " -device rtl8139,netdev=gnq1,mac=52:54:00:12:34:56",
	       "-netdev user,id=gnq0,hub=1 " S("gnq2", "1"));
	assert_int_equal(q.n_nics, 1);
	assert_int_equal(q.n_ports, 1);
}

/* `-net nic -net socket,listen=:8010`: the NIC and the socket on hub 0 */
static void test_seed_socket_listen(void **state)
{
	(void)state;
	assert_int_equal(translate("qemu-system-x86_64", "-net", "nic", "-net", "socket,listen=:8010"), 0);
	expect("qemu-system-x86_64 " L("gnq1", "gnq2") " -device e1000,netdev=gnq1,mac=52:54:00:12:34:56",
	       "-netdev socket,id=gnq0,hub=0,listen=:8010 " S("gnq2", "0"));
}

/* `-net nic,vlan=2 -net socket,vlan=2,connect=127.0.0.1:8010` */
static void test_seed_socket_connect(void **state)
{
	(void)state;
	assert_int_equal(translate("qemu-system-x86_64", "-net", "nic,vlan=2",
				   "-net", "socket,vlan=2,connect=127.0.0.1:8010"), 0);
	expect("qemu-system-x86_64 " L("gnq1", "gnq2") " -device e1000,netdev=gnq1,mac=52:54:00:12:34:56",
	       "-netdev socket,id=gnq0,hub=2,connect=127.0.0.1:8010 " S("gnq2", "2"));
}

/* `-net nic -net socket,mcast=230.0.0.1:1234` */
static void test_seed_mcast(void **state)
{
	(void)state;
	assert_int_equal(translate("qemu-system-x86_64", "-net", "nic,macaddr=52:54:00:00:00:03",
				   "-net", "socket,mcast=230.0.0.1:1234"), 0);
	expect("qemu-system-x86_64 " L("gnq1", "gnq2") " -device e1000,netdev=gnq1,mac=52:54:00:00:00:03",
	       "-netdev socket,id=gnq0,hub=0,mcast=230.0.0.1:1234 " S("gnq2", "0"));
}

/* IBM's two NICs on two vlans, each with a tap and its bridge's scripts */
static void test_seed_ibm_two_vlans(void **state)
{
	(void)state;
	assert_int_equal(translate("qemu-system-x86_64", "-hda", "vm.img",
				   "-net", "nic,model=virtio,vlan=0,macaddr=00:16:3e:00:01:01",
				   "-net", "tap,vlan=0,script=/root/ifup-br0,downscript=/root/ifdown-br0",
				   "-net", "nic,model=virtio,vlan=1,macaddr=00:16:3e:00:01:02",
				   "-net", "tap,vlan=1,script=/root/ifup-br1,downscript=/root/ifdown-br1"), 0);
	expect("qemu-system-x86_64 -hda vm.img "
	       L("gnq2", "gnq3") " -device virtio-net-pci,netdev=gnq2,mac=00:16:3e:00:01:01 "
	       L("gnq4", "gnq5") " -device virtio-net-pci,netdev=gnq4,mac=00:16:3e:00:01:02",
	       "-netdev tap,id=gnq0,hub=0,script=/root/ifup-br0,downscript=/root/ifdown-br0 "
	       "-netdev tap,id=gnq1,hub=1,script=/root/ifup-br1,downscript=/root/ifdown-br1 "
	       S("gnq3", "0") " " S("gnq5", "1"));
}

/* `-redir tcp:2222::22` alone: QEMU's default -net nic -net user gets it */
static void test_seed_redir(void **state)
{
	(void)state;
	assert_int_equal(translate("qemu-system-x86_64", "-m", "1G", "disk.img", "-redir", "tcp:2222::22"), 0);
	expect("qemu-system-x86_64 -m 1G disk.img " L("gnq1", "gnq2")
	       " -device e1000,netdev=gnq1,mac=52:54:00:12:34:56",
	       "-netdev user,id=gnq0,hub=0,hostfwd=tcp::2222-:22 " S("gnq2", "0"));
	assert_int_equal(q.n_nat_fwds, 0);
}

/* -redir goes to the first user-mode stack: -netdev, then -nic, then -net */
static void test_redir_first_user(void **state)
{
	(void)state;
	assert_int_equal(translate("qemu-system-x86_64", "-net", "user", "-redir", "udp:0x10:10.0.2.16:022",
				   "-nic", "user", "-net", "nic", "-redir", ":5::6"), 0);
	expect("qemu-system-x86_64 " L("gnq0", "gnq2") " -device e1000,netdev=gnq0,mac=52:54:00:12:34:56 "
	       L("gnq3", "gnq4") " -device e1000,netdev=gnq3,mac=52:54:00:12:34:57",
	       "-netdev user,id=gnq0,hub=65535,hostfwd=udp::16-10.0.2.16:18,hostfwd=tcp::5-:6 "
	       "-netdev user,id=gnq1,hub=0 " S("gnq2", "65535") " " S("gnq4", "0"));
	/* smb= moves too: the emulator runs smbd */
	assert_int_equal(translate("qemu-system-x86_64", "-netdev", "user,id=u,smb=/srv,smbserver=10.0.2.9",
				   "-redir", "tcp:1::2", "-device", "e1000,netdev=u"), 0);
	expect("qemu-system-x86_64 " L("u", "gnq0") " -device e1000,netdev=u",
	       "-netdev user,id=u,hub=65535,smb=/srv,smbserver=10.0.2.9,hostfwd=tcp::1-:2 "
	       S("gnq0", "65535"));
}

/* With --net, no default network: -redir goes to the first --net nat */
static void test_redir_to_nat(void **state)
{
	(void)state;
	assert_int_equal(translate_p(&with_nat, "qemu-system-x86_64", "-redir", "tcp:2222::22",
				     "-redir", "udp:53:10.0.2.15:53", NULL), 0);
	expect("qemu-system-x86_64", "");
	assert_int_equal(q.n_nat_fwds, 2);
	assert_false(q.nat_fwds[0].udp);
	assert_int_equal(q.nat_fwds[0].host_port, 2222);
	assert_string_equal(q.nat_fwds[0].host_addr, "");
	assert_string_equal(q.nat_fwds[0].guest_addr, "");
	assert_int_equal(q.nat_fwds[0].guest_port, 22);
	assert_true(q.nat_fwds[1].udp);
	assert_string_equal(q.nat_fwds[1].guest_addr, "10.0.2.15");
}

/* QEMU's MACs: -nic NICs first, then -net nic; 52:54:00:12:34:56 up,
 * given ones of that prefix count as taken, a later one may repeat */
static void test_macs(void **state)
{
	(void)state;
	assert_int_equal(translate("qemu-system-x86_64", "-net", "nic", "-net", "nic,macaddr=52:54:00:12:34:56",
				   "-nic", "user", "-net", "nic", "-net", "nic,macaddr=52:54:00:12:34:57"), 0);
	assert_non_null(strstr(qemu_out, "netdev=gnq0,mac=52:54:00:12:34:56"));
	assert_non_null(strstr(qemu_out, "mac=52:54:00:12:34:57 "));
	assert_non_null(strstr(qemu_out, "mac=52:54:00:12:34:58 "));
	/* -nic first (56), then the -net nics: 57, the given 56, 58, the given 57 */
	{
		const char *a = strstr(qemu_out, "mac=52:54:00:12:34:56");
		const char *b = strstr(a + 1, "mac=52:54:00:12:34:57");
		const char *c = strstr(b + 1, "mac=52:54:00:12:34:56");
		const char *d = strstr(c + 1, "mac=52:54:00:12:34:58");
		const char *e = strstr(d + 1, "mac=52:54:00:12:34:57");

		assert_non_null(e);
	}
	/* '-' separators, as QEMU reads them */
	assert_int_equal(translate("qemu-system-x86_64", "-net", "nic,macaddr=02-00-00-00-00-0a", "-net", "user"), 0);
	assert_non_null(strstr(qemu_out, "mac=02:00:00:00:00:0a"));
}

/* Default NIC models: pc e1000, q35 e1000e (from pc-q35-2.12), virtio alias,
 * other machines the board's -net nic,netdev= */
static void test_models(void **state)
{
	(void)state;
	assert_int_equal(translate("qemu-system-x86_64", "-M", "q35", "-net", "nic", "-net", "user"), 0);
	assert_non_null(strstr(qemu_out, "-device e1000e,netdev="));
	assert_int_equal(translate("qemu-system-x86_64", "-machine", "type=pc-q35-2.11,accel=tcg", "-net", "nic"), 0);
	assert_non_null(strstr(qemu_out, "-device e1000,netdev="));
	assert_int_equal(translate("qemu-system-i386", "-M", "pc-i440fx-7.2", "-nic", "user,model=virtio"), 0);
	assert_non_null(strstr(qemu_out, "-device virtio-net-pci,netdev="));
	assert_int_equal(translate("qemu-system-x86_64", "-M", "pc-q35-7.2", "-machine", "accel=tcg", "-nic", "user"), 0);
	assert_non_null(strstr(qemu_out, "-device e1000e,netdev="));
	assert_int_equal(translate("/usr/bin/qemu-system-aarch64", "-M", "virt", "-net", "nic,model=virtio,addr=3,name=n1",
				   "-net", "user"), 0);
	expect("/usr/bin/qemu-system-aarch64 -M virt " L("gnq1", "gnq2")
	       " -net nic,netdev=gnq1,macaddr=52:54:00:12:34:56,model=virtio,addr=3,name=n1",
	       "-netdev user,id=gnq0,hub=0 " S("gnq2", "0"));
	assert_int_equal(translate("qemu-system-x86_64", "-M", "isapc", "-net", "nic"), 0);
	assert_non_null(strstr(qemu_out, "-net nic,netdev=gnq0,macaddr=52:54:00:12:34:56"));
	/* addr= on bus 0, vectors= for virtio, name= as the device's id */
	assert_int_equal(translate("qemu-system-x86_64", "-net", "nic,model=virtio,addr=0:5,vectors=3,name=n0", "-net",
				   "nic,addr=0000:00:6,vectors=3"), 0);
	assert_non_null(strstr(qemu_out, "-device virtio-net-pci,netdev=gnq0,mac=52:54:00:12:34:56,addr=5,vectors=3,id=n0"));
	assert_non_null(strstr(qemu_out, "-device e1000,netdev=gnq1,mac=52:54:00:12:34:57,addr=6"));
}

/* A -netdev moves with its id; the user's -device keeps working; the
 * generated options go before the first -device */
static void test_netdev_moved(void **state)
{
	(void)state;
	assert_int_equal(translate("qemu-system-x86_64", "-device", "virtio-blk-pci,drive=d",
				   "-netdev", "socket,id=s,listen=:8010", "-device", "e1000,netdev=s,mac=02:00:00:00:00:01",
				   "-netdev", "user,id=u,tftp=/srv,,x,hostfwd=tcp::1-:2", "-device", "virtio-net-pci,netdev=u"), 0);
	expect("qemu-system-x86_64 " L("s", "gnq0") " " L("u", "gnq1")
	       " -device virtio-blk-pci,drive=d -device e1000,netdev=s,mac=02:00:00:00:00:01 -device virtio-net-pci,netdev=u",
	       "-netdev socket,id=s,hub=65535,listen=:8010 -netdev user,id=u,hub=65534,tftp=/srv,,x,hostfwd=tcp::1-:2 "
	       S("gnq0", "65535") " " S("gnq1", "65534"));
	assert_int_equal(q.n_nics, 0);
	assert_int_equal(q.n_ports, 2);
}

/* -net nic,netdev=ID: the NIC on that backend */
static void test_nic_netdev(void **state)
{
	(void)state;
	assert_int_equal(translate("qemu-system-x86_64", "-netdev", "dgram,id=d,local.type=inet,local.host=127.0.0.1,local.port=1,remote.type=inet,remote.host=127.0.0.1,remote.port=2",
				   "-net", "nic,netdev=d,model=virtio"), 0);
	expect("qemu-system-x86_64 " L("d", "gnq0") " -device virtio-net-pci,netdev=d,mac=52:54:00:12:34:56",
	       "-netdev dgram,id=d,hub=65535,local.type=inet,local.host=127.0.0.1,local.port=1,remote.type=inet,remote.host=127.0.0.1,remote.port=2 "
	       S("gnq0", "65535"));
}

/* hubports: a NIC's on a hub in the emulator is a link, netdev= moves a
 * backend to the hub, and a hub with nothing moved stays QEMU's */
static void test_hubports(void **state)
{
	(void)state;
	assert_int_equal(translate("qemu-system-x86_64", "-netdev", "user,id=u",
				   "-netdev", "hubport,id=h0,hubid=7,netdev=u",
				   "-netdev", "hubport,id=h1,hubid=7", "-device", "e1000,netdev=h1"), 0);
	expect("qemu-system-x86_64 " L("h1", "gnq0") " -device e1000,netdev=h1",
	       "-netdev user,id=u,hub=7 " S("gnq0", "7"));
	assert_int_equal(translate("qemu-system-x86_64", "-netdev", "hubport,id=h1,hubid=7",
				   "-device", "e1000,netdev=h1", "-nic", "hubport,hubid=7"), 0);
	expect("qemu-system-x86_64 -netdev hubport,id=gnq0,hubid=7 -device e1000,netdev=gnq0,mac=52:54:00:12:34:56"
	       " -netdev hubport,id=h1,hubid=7 -device e1000,netdev=h1", "");
}

/* Types guestnet-emu lacks, or keys only QEMU has, stay in QEMU */
static void test_stay_in_qemu(void **state)
{
	(void)state;
	assert_int_equal(translate("qemu-system-x86_64", "-chardev", "socket,id=c,path=/s",
				   "-netdev", "vhost-user,id=v,chardev=c", "-device", "virtio-net-pci,netdev=v",
				   "-netdev", "tap,id=t,fd=5,vhost=on", "-device", "virtio-net-pci,netdev=t"), 0);
	expect("qemu-system-x86_64 -chardev socket,id=c,path=/s -netdev vhost-user,id=v,chardev=c"
	       " -device virtio-net-pci,netdev=v -netdev tap,id=t,fd=5,vhost=on -device virtio-net-pci,netdev=t", "");
	/* -net of a QEMU type: on QEMU's hub, as -netdev plus hubport */
	assert_int_equal(translate("qemu-system-x86_64", "-net", "nic,vlan=3", "-net", "l2tpv3,vlan=3,src=1,name=l"), 0);
	expect("qemu-system-x86_64 -netdev l2tpv3,id=gnq0,src=1 -netdev hubport,id=gnq1,hubid=3,netdev=gnq0"
	       " -netdev hubport,id=gnq2,hubid=3 -device e1000,netdev=gnq2,mac=52:54:00:12:34:56", "");
	/* -nic of a QEMU type */
	assert_int_equal(translate("qemu-system-x86_64", "-nic", "l2tpv3,src=1,mac=02:00:00:00:00:09,id=v0"), 0);
	expect("qemu-system-x86_64 -netdev l2tpv3,id=v0,src=1 -device e1000,netdev=v0,mac=02:00:00:00:00:09", "");
}

/* `-net nic -net vde,sock=DIR` (the QEMU write-up's VDE line): a VDE plug
 * of guestnet-emu's (emu/port_vde.c) on hub 0 */
static void test_vde_moves(void **state)
{
	(void)state;
	assert_int_equal(translate("qemu-system-x86_64", "-net", "nic", "-net", "vde,sock=/tmp/sw,port=3"), 0);
	expect("qemu-system-x86_64 " L("gnq1", "gnq2") " -device e1000,netdev=gnq1,mac=52:54:00:12:34:56",
	       "-netdev vde,id=gnq0,hub=0,sock=/tmp/sw,port=3 " S("gnq2", "0"));
}

/* A hub with backends in both: QEMU's hub joined to the emulator's */
static void test_uplink(void **state)
{
	(void)state;
	assert_int_equal(translate("qemu-system-x86_64", "-net", "nic", "-net", "user", "-net", "l2tpv3,src=1"), 0);
	expect("qemu-system-x86_64 -netdev l2tpv3,id=gnq1,src=1 -netdev hubport,id=gnq2,hubid=0,netdev=gnq1 "
	       L("gnq3", "gnq4") " -netdev hubport,id=gnq5,hubid=0,netdev=gnq3 "
	       L("gnq6", "gnq7") " -device e1000,netdev=gnq6,mac=52:54:00:12:34:56",
	       "-netdev user,id=gnq0,hub=0 " S("gnq4", "0") " " S("gnq7", "0"));
}

/* QEMU's defaults guestnet-emu does not share, and the bridge helper */
static void test_type_defaults(void **state)
{
	(void)state;
	assert_int_equal(translate("qemu-system-x86_64", "-net", "nic", "-net", "tap,ifname=tap0",
				   "-netdev", "tap,id=t,helper=/h", "-netdev", "bridge,id=b,br=br0",
				   "-netdev", "bridge,id=b2,helper=/mine"), 0);
	assert_non_null(strstr(emu_out, "-netdev tap,id=gnq0,hub=0,ifname=tap0,script=/etc/qemu-ifup,downscript=/etc/qemu-ifdown "));
	assert_non_null(strstr(emu_out, "-netdev tap,id=t,hub=65535,helper=/h "));
	assert_non_null(strstr(emu_out, "-netdev bridge,id=b,hub=65534,br=br0,helper=/H "));
	assert_non_null(strstr(emu_out, "-netdev bridge,id=b2,hub=65533,helper=/mine "));
	assert_int_equal(translate("qemu-system-x86_64", "-net", "nic", "-net", "tap,script=no,downscript=/d"), 0);
	assert_non_null(strstr(emu_out, "-netdev tap,id=gnq0,hub=0,script=no,downscript=/d "));
}

/* -net none, -nic none: QEMU's; no network, no emulator */
static void test_none(void **state)
{
	(void)state;
	assert_int_equal(translate("qemu-system-x86_64", "-net", "none", "-m", "1"), 0);
	assert_true(q.active);
	expect("qemu-system-x86_64 -net none -m 1", "");
	assert_int_equal(translate("qemu-system-x86_64", "-nic", "none"), 0);
	expect("qemu-system-x86_64 -nic none", "");
}

/* Help requests and a COMMAND without network options: unchanged */
static void test_untouched(void **state)
{
	(void)state;
	assert_int_equal(translate("qemu-system-x86_64", "-net", "nic,model=help", "-net", "nic,vlan=1"), 0);
	assert_false(q.active);
	assert_int_equal(translate("qemu-system-x86_64", "-netdev", "help"), 0);
	assert_false(q.active);
	assert_int_equal(translate("qemu-system-x86_64", "-nic", "user,model=?"), 0);
	assert_false(q.active);
	assert_int_equal(translate("qemu-system-x86_64", "-nographic", "-append", "-net", "-m", "1"), 0);
	assert_false(q.active);
	assert_false(qnet_has_options((char *[]){ "qemu-system-x86_64", "-append", "-net", NULL }));
	assert_true(qnet_has_options((char *[]){ "qemu-system-x86_64", "-nographic", "--net", "nic", NULL }));
	assert_false(qnet_has_options((char *[]){ "qemu-system-x86_64", "-net", NULL }));
	assert_true(qnet_is_qemu("/usr/bin/qemu-system-x86_64"));
	assert_false(qnet_is_qemu("qemu-img"));
}

/* Made-up ids never take an id of COMMAND; commas in the directory */
static void test_ids_and_escapes(void **state)
{
	static const struct qnet_params comma = { .dir = "/a,b" };

	(void)state;
	assert_int_equal(translate("qemu-system-x86_64", "-net", "nic,name=gnq0", "-netdev", "user,id=gnq1",
				   "-net", "user"), 0);
	expect("qemu-system-x86_64 " L("gnq1", "gnq3") " " L("gnq4", "gnq5")
	       " -device e1000,netdev=gnq4,mac=52:54:00:12:34:56,id=gnq0",
	       "-netdev user,id=gnq1,hub=65535 -netdev user,id=gnq2,hub=0 " S("gnq3", "65535") " " S("gnq5", "0"));
	assert_int_equal(translate_p(&comma, "qemu-system-x86_64", "-nic", "user", NULL), 0);
	assert_non_null(strstr(qemu_out, "addr.path=/a,,b/gnq1.sock"));
	assert_non_null(strstr(emu_out, "addr.path=/a,,b/gnq1.sock"));
}

static void expect_err(const char *want, ...)
{
	static char *cmd[64];
	int n = 0, ret;
	va_list ap;

	va_start(ap, want);
	while ((cmd[n] = va_arg(ap, char *)))
		n++;
	va_end(ap);
	err[0] = '\0';
	qnet_free(&q);
	ret = qnet_translate(&q, cmd, &plain, err, sizeof(err));
	assert_int_equal(ret, -EINVAL);
	if (strcmp(err, want))
		fail_msg("message\n  got  '%s'\n  want '%s'", err, want);
	assert_null(strchr(err, '\n'));
}

#define BAD(want, ...)	expect_err(want, "qemu-system-x86_64", __VA_ARGS__, NULL)

static void test_errors(void **state)
{
	static const struct qnet_params deep = {
		.dir = "/a/very/long/directory/name/that/will/not/fit/into/the/sun_path/of/a/unix/socket/"
		       "so/the/emulator/could/not/bind/it",
	};
	static char *cmd[] = { "qemu-system-x86_64", "-nic", "user", NULL };
	char many[QNET_MAX_OPTS + 1][2][16];
	static char *argv[2 * QNET_MAX_OPTS + 4];

	(void)state;
	BAD("-net nic,vlan=1,netdev=x: vlan= and netdev= do not go together", "-netdev", "user,id=x",
	    "-net", "nic,vlan=1,netdev=x");
	BAD("-net nic,netdev=y: no -netdev with id 'y'", "-net", "nic,netdev=y");
	BAD("-net nic,netdev=u: netdev 'u' is taken already", "-netdev", "user,id=u", "-net", "nic,netdev=u",
	    "-net", "nic,netdev=u");
	BAD("-net nic,vlan=x: vlan 'x': expected 0 to 65535", "-net", "nic,vlan=x");
	BAD("-net user,vlan=65536: vlan '65536': expected 0 to 65535", "-net", "user,vlan=65536");
	BAD("-net nic,speed=1: unknown key 'speed' (a -net nic takes vlan, netdev, model, macaddr, addr, vectors, name)",
	    "-net", "nic,speed=1");
	BAD("-net nic,macaddr=01:00:5e:00:00:01: macaddr '01:00:5e:00:00:01': expected a unicast XX:XX:XX:XX:XX:XX",
	    "-net", "nic,macaddr=01:00:5e:00:00:01");
	BAD("-nic user,mac=1:2:3: mac '1:2:3': expected a unicast XX:XX:XX:XX:XX:XX", "-nic", "user,mac=1:2:3");
	BAD("-net hubport,hubid=1: hubport is not a -net type (-net takes vlan=N)", "-net", "hubport,hubid=1");
	BAD("-net vlan=1: no backend type", "-net", "vlan=1");
	BAD("-netdev user: needs id=", "-netdev", "user");
	BAD("-netdev user,id=1u: id '1u': a letter, then letters, digits, '-', '.' or '_' (at most 48)",
	    "-netdev", "user,id=1u");
	BAD("-netdev socket,id=u,listen=:1: id 'u' is given twice", "-netdev", "user,id=u",
	    "-netdev", "socket,id=u,listen=:1");
	BAD("-nic user,id=u: id 'u' is given twice", "-netdev", "user,id=u", "-nic", "user,id=u");
	BAD("-netdev hubport,id=h: hubport needs hubid=N, N from 0 to 65535", "-netdev", "hubport,id=h");
	BAD("-netdev hubport,id=h,hubid=1,x=2: unknown key 'x' (a hubport takes hubid and netdev)",
	    "-netdev", "hubport,id=h,hubid=1,x=2");
	BAD("-netdev hubport,id=h,hubid=1,netdev=n: no -netdev with id 'n'", "-netdev", "hubport,id=h,hubid=1,netdev=n");
	BAD("-netdev hubport,id=h2,hubid=2,netdev=u: netdev 'u' is taken already", "-netdev", "user,id=u",
	    "-netdev", "hubport,id=h1,hubid=1,netdev=u", "-netdev", "hubport,id=h2,hubid=2,netdev=u");
	BAD("-netdev hubport,id=h2,hubid=2,netdev=h1: netdev 'h1' is a hubport itself",
	    "-netdev", "hubport,id=h1,hubid=1", "-netdev", "hubport,id=h2,hubid=2,netdev=h1");
	BAD("-nic hubport,hubid=1,netdev=u: a -nic hubport cannot take netdev=", "-netdev", "user,id=u",
	    "-nic", "hubport,hubid=1,netdev=u");
	BAD("-net user,,,: an empty key after the last comma", "-net", "user,,,");
	BAD("-net user,=1: an empty key", "-net", "user,=1");
	BAD("-net : empty option", "-net", "");
	BAD("-redir tcp:2222:22: expected [tcp|udp]:HOSTPORT:[GUESTADDR]:GUESTPORT (ports 1-65535)",
	    "-net", "user", "-redir", "tcp:2222:22");
	BAD("-redir sctp:1::2: expected [tcp|udp]:HOSTPORT:[GUESTADDR]:GUESTPORT (ports 1-65535)",
	    "-net", "user", "-redir", "sctp:1::2");
	BAD("-redir tcp:0::2: expected [tcp|udp]:HOSTPORT:[GUESTADDR]:GUESTPORT (ports 1-65535)",
	    "-net", "user", "-redir", "tcp:0::2");
	BAD("-redir tcp:1:10.0.2:2: expected [tcp|udp]:HOSTPORT:[GUESTADDR]:GUESTPORT (ports 1-65535)",
	    "-net", "user", "-redir", "tcp:1:10.0.2:2");
	BAD("-redir tcp:1::65536: expected [tcp|udp]:HOSTPORT:[GUESTADDR]:GUESTPORT (ports 1-65535)",
	    "-net", "user", "-redir", "tcp:1::65536");
	BAD("-redir tcp:1::2: no user-mode network to forward into (COMMAND has no -net user, -netdev user or -nic user, and there is no --net nat)",
	    "-net", "nic", "-redir", "tcp:1::2");
	BAD("-redir tcp:1::2: no user-mode network to forward into (COMMAND has no -net user, -netdev user or -nic user; -nodefaults leaves out QEMU's default, and there is no --net nat)",
	    "-nodefaults", "-redir", "tcp:1::2");
	BAD("-net nic,model=e1000,,x: model 'e1000,x' is not a device name", "-net", "nic,model=e1000,,x");
	BAD("-net nic,addr=1:5: addr '1:5': only PCI bus 0 ([[0:]0:]SLOT)", "-net", "nic,addr=1:5");
	BAD("-net nic,name=a b: name 'a b' is not an id (a letter, then letters, digits, '-', '.', '_')",
	    "-net", "nic,name=a b");
	BAD("-net nic: more than 8 NICs (-net nic and -nic, as in QEMU)", "-nic", "user", "-nic", "user",
	    "-nic", "user", "-nic", "user", "-nic", "user", "-nic", "user", "-nic", "user", "-nic", "user",
	    "-net", "nic");

	/* more options than QNET_MAX_OPTS */
	argv[0] = "qemu-system-x86_64";
	for (int i = 0; i <= QNET_MAX_OPTS; i++) {
		snprintf(many[i][0], sizeof(many[i][0]), "-net");
		snprintf(many[i][1], sizeof(many[i][1]), "user,vlan=%d", i);
		argv[1 + 2 * i] = many[i][0];
		argv[2 + 2 * i] = many[i][1];
	}
	argv[3 + 2 * QNET_MAX_OPTS] = NULL;
	qnet_free(&q);
	assert_int_equal(qnet_translate(&q, argv, &plain, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "more than 64 network options");
	/* a socket directory too deep for sun_path */
	qnet_free(&q);
	assert_int_equal(qnet_translate(&q, cmd, &deep, err, sizeof(err)), -ENAMETOOLONG);
	assert_non_null(strstr(err, ": socket path too long"));
}

static int teardown(void **state)
{
	(void)state;
	qnet_free(&q);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_seed_rtl8139_vlan, teardown),
		cmocka_unit_test_teardown(test_seed_socket_listen, teardown),
		cmocka_unit_test_teardown(test_seed_socket_connect, teardown),
		cmocka_unit_test_teardown(test_seed_mcast, teardown),
		cmocka_unit_test_teardown(test_seed_ibm_two_vlans, teardown),
		cmocka_unit_test_teardown(test_seed_redir, teardown),
		cmocka_unit_test_teardown(test_redir_first_user, teardown),
		cmocka_unit_test_teardown(test_redir_to_nat, teardown),
		cmocka_unit_test_teardown(test_macs, teardown),
		cmocka_unit_test_teardown(test_models, teardown),
		cmocka_unit_test_teardown(test_netdev_moved, teardown),
		cmocka_unit_test_teardown(test_nic_netdev, teardown),
		cmocka_unit_test_teardown(test_hubports, teardown),
		cmocka_unit_test_teardown(test_stay_in_qemu, teardown),
		cmocka_unit_test_teardown(test_vde_moves, teardown),
		cmocka_unit_test_teardown(test_uplink, teardown),
		cmocka_unit_test_teardown(test_type_defaults, teardown),
		cmocka_unit_test_teardown(test_none, teardown),
		cmocka_unit_test_teardown(test_untouched, teardown),
		cmocka_unit_test_teardown(test_ids_and_escapes, teardown),
		cmocka_unit_test_teardown(test_errors, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
