// SPDX-License-Identifier: GPL-2.0-or-later
/* launch_emu.c - the private guestnet-emu processes of a launch
 *
 * A private emulator is our child (it dies with us) in a new private
 * directory of the runtime directory, which holds its sockets; its
 * control socket DIR/control.sock is opened last, so once it accepts a
 * connection every port is ready. It is stopped with SIGTERM when COMMAND
 * ends; then DIR is removed.
 *
 * Three exist: one serves every --net nat NIC (NIC i gets hub i with a
 * user-mode NAT port and a unix stream server port DIR/nat<i>.sock that
 * the guest connects to; the first NIC's NAT carries every --forward as
 * hostfwd=), one every --net vde:URL NIC (the same with a VDE plug,
 * -netdev vde,sock=URL, and DIR/vde<i>.sock), and one runs the backends
 * of COMMAND's own QEMU network options (qnet.c builds its options).
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "launch_emu.h"
#include "log.h"
#include "rundir.h"

#define EMU_START_MS	10000
#define EMU_STOP_MS	5000

static int sock_path(char *out, const char *dir, const char *fmt, unsigned int i)
{
	char file[32];
	int n;

	snprintf(file, sizeof(file), fmt, i);
	n = snprintf(out, EMU_SOCK_MAX, "%s/%s", dir, file);
	return n < 0 || n >= EMU_SOCK_MAX ? -ENAMETOOLONG : 0;
}

/**
 * emu_priv_dir() - make the private directory of an emulator
 * @e:		result (zeroed first); emu_priv_stop() undoes it
 * @base:	runtime directory (rundir_base())
 * @err:	message buffer
 * @errlen:	its size
 *
 * Return: 0, or negative errno with a message in @err (nothing left then)
 */
int emu_priv_dir(struct emu_priv *e, const char *base, char *err, size_t errlen)
{
	int ret;

	memset(e, 0, sizeof(*e));
	e->proc.pidfd = -1;
	ret = rundir_private(base, e->dir, sizeof(e->dir), err, errlen);
	if (ret < 0) {
		e->dir[0] = '\0';
		return ret;
	}
	ret = sock_path(e->ctl, e->dir, "control.sock", 0);
	if (ret < 0) {
		snprintf(err, errlen, "%s: socket path too long", e->dir);
		emu_priv_stop(e);
	}
	return ret;
}

/**
 * emu_priv_spawn() - start the emulator and wait until it is ready
 * @e:		from emu_priv_dir()
 * @emu:	path of guestnet-emu
 * @opts:	its port options (the control socket is added)
 * @err:	message buffer
 * @errlen:	its size
 *
 * Return: 0, or negative errno with a message in @err; the caller then
 *	   calls emu_priv_stop()
 */
int emu_priv_spawn(struct emu_priv *e, const char *emu, const struct strv *opts,
		   char *err, size_t errlen)
{
	struct strv a = { 0 };
	int ret;

	strv_add(&a, emu);
	if (geteuid() == 0)
		strv_add(&a, "--allow-root");	/* root asked for this launch */
	for (size_t i = 0; i < opts->n; i++)
		strv_add(&a, opts->v[i]);
	strv_add(&a, "-control");
	strv_add(&a, e->ctl);
	ret = strv_status(&a);
	if (!ret)
		ret = proc_spawn(&e->proc, a.v);
	strv_free(&a);
	if (ret < 0) {
		snprintf(err, errlen, "starting %s: %s", emu, errstr(ret));
		return ret;
	}
	ret = proc_wait_socket(e->ctl, &e->proc, EMU_START_MS);
	if (ret == -ECHILD) {
		int ws = proc_reap(&e->proc);

		snprintf(err, errlen, "%s exited with status %d before it was ready",
			 emu, proc_status_code(ws));
	} else if (ret < 0) {
		snprintf(err, errlen, "%s not ready within %d s", emu, EMU_START_MS / 1000);
	}
	return ret;
}

/**
 * emu_priv_stop() - stop an emulator and remove its directory
 * @e:		may be partly set up or already stopped
 */
void emu_priv_stop(struct emu_priv *e)
{
	proc_stop(&e->proc, EMU_STOP_MS);
	if (e->dir[0])
		rundir_remove_private(e->dir);
	e->dir[0] = '\0';
}

static void add_hostfwds(struct strv *a, const struct forward *f, unsigned int n)
{
	char keys[4096] = "";
	size_t len = 0;

	for (unsigned int i = 0; i < n; i++)
		len += (size_t)snprintf(keys + len, len < sizeof(keys) ? sizeof(keys) - len : 0,
					",hostfwd=%s:%s:%u-%s:%u", f[i].udp ? "udp" : "tcp",
					f[i].host_addr, f[i].host_port,
					f[i].guest_addr, f[i].guest_port);
	strv_addf(a, "user,id=nat0,hub=0%s", keys);
}

/**
 * struct nic_backends - the backend of each NIC of a private emulator
 * @prefix:	of the ports' ids and socket names ("nat": nat0, nat0.sock)
 * @add:	add NIC @i's -netdev value (hub @i) to @a
 * @arg:	what @add reads
 */
struct nic_backends {
	const char *prefix;
	void (*add)(struct strv *a, unsigned int i, const void *arg);
	const void *arg;
};

/* Start an emulator whose hub i has NIC i's backend and socket */
static int nics_start(struct emu_nat *e, const char *emu, const char *base,
		      unsigned int n, const struct nic_backends *b,
		      char *err, size_t errlen)
{
	char fmt[16];
	struct strv a = { 0 };
	int ret;

	memset(e, 0, sizeof(*e));
	e->n = n;
	ret = emu_priv_dir(&e->e, base, err, errlen);
	if (ret < 0)
		return ret;
	snprintf(fmt, sizeof(fmt), "%s%%u.sock", b->prefix);
	for (unsigned int i = 0; !ret && i < n; i++)
		ret = sock_path(e->sock[i], e->e.dir, fmt, i);
	if (ret < 0) {
		snprintf(err, errlen, "%s: socket path too long", e->e.dir);
		goto fail;
	}
	for (unsigned int i = 0; i < n; i++) {
		strv_add(&a, "-netdev");
		b->add(&a, i, b->arg);
		strv_add(&a, "-netdev");
		strv_addf(&a, "stream,id=nic%u,hub=%u,server=on,addr.type=unix,addr.path=%s",
			  i, i, e->sock[i]);
	}
	ret = strv_status(&a);
	if (ret < 0)
		snprintf(err, errlen, "out of memory");
	else
		ret = emu_priv_spawn(&e->e, emu, &a, err, errlen);
	strv_free(&a);
	if (!ret)
		return 0;
fail:
	emu_nat_stop(e);
	return ret < 0 ? ret : -EIO;
}

/**
 * struct nat_fwds - the forwards of the first nat NIC
 * @f:		them
 * @n:		how many
 */
struct nat_fwds {
	const struct forward *f;
	unsigned int n;
};

static void nat_backend(struct strv *a, unsigned int i, const void *arg)
{
	const struct nat_fwds *fw = arg;

	if (i == 0)
		add_hostfwds(a, fw->f, fw->n);
	else
		strv_addf(a, "user,id=nat%u,hub=%u", i, i);
}

/**
 * emu_nat_start() - start the emulator of the nat NICs, wait until ready
 * @e:		result
 * @emu:	path of guestnet-emu
 * @base:	runtime directory (rundir_base())
 * @n_nat:	number of nat NICs (1..EMU_MAX_NICS)
 * @fwds:	host forwards for the first one
 * @n_fwds:	how many
 * @err:	message buffer
 * @errlen:	its size
 *
 * Return: 0, or negative errno with a message in @err; nothing is left
 *	   running or on disk then
 */
int emu_nat_start(struct emu_nat *e, const char *emu, const char *base,
		  unsigned int n_nat, const struct forward *fwds,
		  unsigned int n_fwds, char *err, size_t errlen)
{
	const struct nat_fwds fw = { fwds, n_fwds };
	const struct nic_backends b = { "nat", nat_backend, &fw };

	return nics_start(e, emu, base, n_nat, &b, err, errlen);
}

/* -netdev vde,sock=URL, its commas doubled (option-string escaping) */
static void vde_backend(struct strv *a, unsigned int i, const void *arg)
{
	const char *const *urls = arg;
	char sock[2 * SPEC_URL_MAX + 1];
	size_t n = 0;

	for (const char *p = urls[i]; *p && n + 2 < sizeof(sock); p++) {
		sock[n++] = *p;
		if (*p == ',')
			sock[n++] = ',';
	}
	sock[n] = '\0';
	strv_addf(a, "vde,id=vde%u,hub=%u,sock=%s", i, i, sock);
}

/**
 * emu_vde_start() - start the emulator of the vde:URL NICs, wait until ready
 * @e:		result
 * @emu:	path of guestnet-emu
 * @base:	runtime directory (rundir_base())
 * @urls:	the VDE URL of each NIC (at most SPEC_URL_MAX characters; a
 *		relative directory is taken from our working directory,
 *		which the emulator inherits)
 * @n:		how many (1..EMU_MAX_NICS)
 * @err:	message buffer
 * @errlen:	its size
 *
 * Return: 0, or negative errno with a message in @err (the emulator's
 *	   own error line, e.g. "cannot open VDE", went to stderr before);
 *	   nothing is left running or on disk then
 */
int emu_vde_start(struct emu_nat *e, const char *emu, const char *base,
		  const char *const *urls, unsigned int n, char *err, size_t errlen)
{
	const struct nic_backends b = { "vde", vde_backend, urls };

	return nics_start(e, emu, base, n, &b, err, errlen);
}

/**
 * emu_nat_stop() - stop the nat (or vde) emulator and remove its directory
 * @e:		from emu_nat_start() or emu_vde_start(); may be partly set up or
 *		already stopped
 */
void emu_nat_stop(struct emu_nat *e)
{
	emu_priv_stop(&e->e);
}
