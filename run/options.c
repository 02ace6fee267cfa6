// SPDX-License-Identifier: GPL-2.0-or-later
/* options.c - the command line of `guestnet run`
 *
 * guestnet run [--net SPEC]... [--model M] [--mac MAC]... [--forward F]...
 *              [--helper PATH] [--emu PATH] [-v] [--] COMMAND [ARG]...
 *
 * Options take their value as the next word or after '='. Options end at
 * "--" or at the first word that is not an option (as env(1) does), which
 * starts COMMAND. Every error is one message naming the option, and the
 * parser is pure (argv in, struct out), for tests/run/test_options.c.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "options.h"
#include "qnet.h"

static const char *const model_devices[] = {
	[MODEL_VIRTIO] = "virtio-net-pci",
	[MODEL_E1000] = "e1000",
	[MODEL_RTL8139] = "rtl8139",
};

/**
 * opts_model_device() - QEMU -device name of a NIC model
 * @model:	model
 *
 * Return: "virtio-net-pci", "e1000" or "rtl8139"
 */
const char *opts_model_device(enum nic_model model)
{
	return model_devices[model];
}

/* An option word split into its name and value (from "=" or the next word) */
struct optword {
	char name[32];
	const char *value;
	bool takes_value;
	bool has_eq;
};

static const char *const valued[] = {
	"--net", "--model", "--mac", "--forward", "--helper", "--emu", NULL,
};

static bool is_valued(const char *name)
{
	for (int i = 0; valued[i]; i++)
		if (!strcmp(name, valued[i]))
			return true;
	return false;
}

/* Split argv[*i]; advances *i past a separate value. -EINVAL with err set */
static int split_word(int argc, char **argv, int *i, struct optword *w,
		      char *err, size_t errlen)
{
	const char *arg = argv[*i], *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);

	if (len >= sizeof(w->name))
		len = sizeof(w->name) - 1;
	memcpy(w->name, arg, len);
	w->name[len] = '\0';
	w->takes_value = is_valued(w->name);
	w->value = NULL;
	w->has_eq = eq != NULL;
	if (!w->takes_value)
		return 0;
	if (eq) {
		w->value = eq + 1;
	} else if (*i + 1 < argc) {
		w->value = argv[++*i];
	} else {
		snprintf(err, errlen, "%s: missing value", w->name);
		return -EINVAL;
	}
	return 0;
}

static int model_parse(const char *v, enum nic_model *m)
{
	if (!strcmp(v, "virtio") || !strcmp(v, "virtio-net-pci"))
		*m = MODEL_VIRTIO;
	else if (!strcmp(v, "e1000"))
		*m = MODEL_E1000;
	else if (!strcmp(v, "rtl8139"))
		*m = MODEL_RTL8139;
	else
		return -EINVAL;
	return 0;
}

/* Apply one valued option; -EINVAL with a message naming it */
static int apply_valued(struct run_opts *o, const struct optword *w,
			char *err, size_t errlen)
{
	char msg[200];
	const char *n = w->name, *v = w->value;

	if (!strcmp(n, "--net")) {
		if (o->n_nets == RUN_MAX_NETS)
			goto too_many;
		if (spec_parse(v, &o->nets[o->n_nets], msg, sizeof(msg)) < 0)
			goto bad;
		o->n_nets++;
	} else if (!strcmp(n, "--model")) {
		if (model_parse(v, &o->model) < 0) {
			snprintf(msg, sizeof(msg), "'%s': expected virtio, e1000 or rtl8139", v);
			goto bad;
		}
	} else if (!strcmp(n, "--mac")) {
		if (o->n_macs == RUN_MAX_NETS)
			goto too_many;
		if (mac_parse(v, o->macs[o->n_macs], msg, sizeof(msg)) < 0)
			goto bad;
		o->n_macs++;
	} else if (!strcmp(n, "--forward")) {
		if (o->n_fwds == RUN_MAX_FWDS)
			goto too_many;
		if (forward_parse(v, &o->fwds[o->n_fwds], msg, sizeof(msg)) < 0)
			goto bad;
		o->n_fwds++;
	} else if (!*v) {
		snprintf(msg, sizeof(msg), "empty path");
		goto bad;
	} else if (!strcmp(n, "--helper")) {
		o->helper = v;
	} else {
		o->emu = v;
	}
	return 0;
too_many:
	snprintf(err, errlen, "%s: too many (at most %d)", n,
		 !strcmp(n, "--forward") ? RUN_MAX_FWDS : RUN_MAX_NETS);
	return -EINVAL;
bad:
	snprintf(err, errlen, "%s: %s", n, msg);
	return -EINVAL;
}

/* Apply one flag option; -EINVAL for an unknown option */
static int apply_flag(struct run_opts *o, const struct optword *w,
		      char *err, size_t errlen)
{
	if (!strcmp(w->name, "-h") || !strcmp(w->name, "--help"))
		o->help = true;
	else if (!strcmp(w->name, "--version"))
		o->version = true;
	else if (!strcmp(w->name, "-v") || !strcmp(w->name, "--verbose"))
		o->verbose = true;
	else {
		snprintf(err, errlen, "%s: unknown option", w->name);
		return -EINVAL;
	}
	if (w->has_eq) {
		snprintf(err, errlen, "%s: takes no value", w->name);
		return -EINVAL;
	}
	return 0;
}

/* COMMAND is QEMU with network options of its own (qnet.c) */
static bool qemu_own_net(const struct run_opts *o)
{
	return qnet_is_qemu(o->cmd[0]) && qnet_has_options(o->cmd);
}

/* Checks across options, once all are read */
static int check_all(struct run_opts *o, char *err, size_t errlen)
{
	bool has_nat = false;

	if (!o->cmd || !o->cmd[0]) {
		snprintf(err, errlen, "missing COMMAND (guestnet run [OPTION]... -- COMMAND [ARG]...)");
		return -EINVAL;
	}
	if (!o->cmd[0][0]) {
		snprintf(err, errlen, "COMMAND: empty");
		return -EINVAL;
	}
	o->nets_given = o->n_nets > 0;
	if (!o->n_nets && !qemu_own_net(o)) {
		o->nets[0].kind = NET_NAT;
		o->n_nets = 1;
	}
	for (unsigned int i = 0; i < o->n_nets; i++)
		has_nat |= o->nets[i].kind == NET_NAT;
	if (o->n_fwds && !has_nat) {
		snprintf(err, errlen, "--forward: needs a --net nat%s",
			 o->nets_given ? "" : " (COMMAND's own network options replace the default one)");
		return -EINVAL;
	}
	if (o->n_macs > o->n_nets) {
		snprintf(err, errlen, "--mac: %u given for %u NIC(s)", o->n_macs, o->n_nets);
		return -EINVAL;
	}
	for (unsigned int i = 0; i < o->n_macs; i++) {
		for (unsigned int j = 0; j < i; j++) {
			if (!memcmp(o->macs[i], o->macs[j], 6)) {
				snprintf(err, errlen, "--mac: the same address twice");
				return -EINVAL;
			}
		}
	}
	return 0;
}

/**
 * opts_parse() - parse the arguments of `guestnet run`
 * @o:		result (zeroed first)
 * @argc:	number of arguments
 * @argv:	arguments; argv[0] is "run" (skipped); NULL-terminated
 * @err:	message buffer: one line naming the option at fault
 * @errlen:	its size
 *
 * With --help or --version the rest is not checked.
 *
 * Return: 0, or -EINVAL with a message in @err
 */
int opts_parse(struct run_opts *o, int argc, char **argv, char *err, size_t errlen)
{
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 1; i < argc; i++) {
		struct optword w;
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[0] != '-' || !a[1])
			break;
		if (split_word(argc, argv, &i, &w, err, errlen) < 0)
			return -EINVAL;
		if (w.takes_value ? apply_valued(o, &w, err, errlen) < 0 :
				    apply_flag(o, &w, err, errlen) < 0)
			return -EINVAL;
	}
	o->cmd = &argv[i < argc ? i : argc];
	if (o->help || o->version)
		return 0;
	return check_all(o, err, errlen);
}
