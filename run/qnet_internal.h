/* SPDX-License-Identifier: GPL-2.0-or-later */
/* qnet_internal.h - the model qnet.c (and qnet_defaults.c) build and
 * qnet_emit.c writes out */
#ifndef GN_RUN_QNET_INTERNAL_H
#define GN_RUN_QNET_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "qnet.h"
#include "qnet_types.h"
#include "qopts.h"

#define QN_ID_MAX	49		/* ids: 1 to 48 characters */
#define QN_HUBS		65536		/* hub ids 0..65535 (guestnet-emu's) */
#define QN_NO_HUB	(-1L)
#define QN_MAX_LINKS	(2 * QNET_MAX_OPTS)
#define QN_FWD_MAX	64		/* "tcp::65535-255.255.255.255:65535" */

enum qn_kind { QN_NETDEV, QN_NET, QN_NIC, QN_REDIR };

/**
 * struct qn_opt - a network option of COMMAND
 * @kind:	-netdev, -net, -nic or -redir
 * @argi:	index of its option word in COMMAND
 * @text:	its argument
 * @keep:	COMMAND keeps it as it is
 * @rewrite:	its backend's text replaces it in place (keys were added)
 */
struct qn_opt {
	enum qn_kind kind;
	int argi;
	const char *text;
	bool keep;
	int rewrite;
};

/**
 * struct qn_backend - a backend: a -netdev, a -net TYPE, or a -nic's
 * @opt:	index of its option
 * @from:	what made it: -netdev, -net, -nic (-net for the default
 *		network that -redir implies)
 * @o:		its keys (the ones we consume are taken)
 * @type:	its type
 * @t:		the type's entry if guestnet-emu implements it, else NULL
 * @emu:	it moves into the emulator
 * @hubport:	a -netdev hubport (or -nic hubport)
 * @id:		QEMU's id: -netdev's, -nic's (given or made up); made up for -net
 * @hub:	the hub it is on (-net vlan, hubport, a hubport's netdev=),
 *		or QN_NO_HUB
 * @peer_name:	hubport: its netdev=, or NULL
 * @peer:	hubport: the backend its netdev= names, else -1
 * @taken:	a hubport or a NIC names it
 * @link:	the link from QEMU to it in the emulator, or -1
 */
struct qn_backend {
	int opt;
	enum qn_kind from;
	struct qopts o;
	const char *type;
	const struct qnet_type *t;
	bool emu;
	bool hubport;
	char id[QN_ID_MAX];
	long hub;
	const char *peer_name;
	int peer;
	bool taken;
	int link;
};

/**
 * struct qn_nic - a NIC: a -net nic or a -nic
 * @opt:	index of its option
 * @o:		its keys, for -net nic (a -nic's are its backend's)
 * @hub:	-net nic,vlan=N (or no netdev=): N, else QN_NO_HUB
 * @backend:	the backend it is plugged into, or -1 (a hub)
 * @netdev:	the QEMU netdev id of its link
 * @model:	model=, or NULL
 * @addr:	addr=, or NULL
 * @vectors:	vectors=, or NULL
 * @name:	name= or id= of a -net nic, or NULL
 * @mac:	its MAC address
 * @mac_given:	@mac came from COMMAND
 * @link:	for a NIC on an emulated hub: its link, else -1
 */
struct qn_nic {
	int opt;
	struct qopts o;
	long hub;
	int backend;
	char netdev[QN_ID_MAX];
	const char *model;
	const char *addr;
	const char *vectors;
	const char *name;
	uint8_t mac[6];
	bool mac_given;
	int link;
};

/**
 * struct qn_link - a unix stream between QEMU and the emulator
 * @qemu_id:	QEMU's -netdev stream id
 * @emu_id:	the emulator's stream server port
 * @hub:	the emulator hub it is on
 */
struct qn_link {
	char qemu_id[QN_ID_MAX];
	char emu_id[QN_ID_MAX];
	unsigned int hub;
};

/**
 * struct qn_model - COMMAND's network, as QEMU would build it
 * @cmd:	COMMAND
 * @p:		parameters
 * @opts:	its network options, in order
 * @n_opts:	how many
 * @bk:		backends, in the order of their options
 * @n_bk:	how many
 * @nics:	NICs, in QEMU's order (-nic ones first, then -net nic)
 * @n_nics:	how many
 * @links:	links to the emulator
 * @n_links:	how many
 * @fwds:	-redir forwards as hostfwd= values
 * @redirs:	them parsed, for a --net nat
 * @n_fwds:	how many
 * @ids:	every id and name= of COMMAND's network options
 * @n_ids:	how many
 * @block:	COMMAND index where the generated options go
 * @machine:	the machine type (-M/-machine), "" for the default
 * @help:	a network option asks QEMU for help
 * @pci_device: NICs become -device (x86 pc and q35), else -net nic,netdev=
 * @default_model: the machine's NIC model for -device
 * @nodefaults: -nodefaults was given
 * @next_id:	counter of made-up ids
 * @used_hub:	hub ids named by COMMAND
 * @emu_hub:	hub ids whose hub is in the emulator
 * @uplink:	hub ids whose QEMU hub is joined to the emulator's
 * @err:	message buffer
 * @errlen:	its size
 */
struct qn_model {
	char *const *cmd;
	const struct qnet_params *p;
	struct qn_opt opts[QNET_MAX_OPTS];
	unsigned int n_opts;
	struct qn_backend bk[QNET_MAX_OPTS + 1];
	unsigned int n_bk;
	struct qn_nic nics[QNET_MAX_NICS + 1];
	unsigned int n_nics;
	struct qn_link links[QN_MAX_LINKS];
	unsigned int n_links;
	char fwds[QNET_MAX_OPTS][QN_FWD_MAX];
	struct forward redirs[QNET_MAX_OPTS];
	unsigned int n_fwds;
	char ids[2 * QNET_MAX_OPTS][QN_ID_MAX];
	unsigned int n_ids;
	int block;
	char machine[64];
	bool help;
	bool pci_device;
	const char *default_model;
	bool nodefaults;
	unsigned int next_id;
	uint8_t used_hub[QN_HUBS / 8];
	uint8_t emu_hub[QN_HUBS / 8];
	uint8_t uplink[QN_HUBS / 8];
	char *err;
	size_t errlen;
};

int qn_fail(struct qn_model *m, int opt, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool qn_hub_test(const uint8_t *set, long hub);
void qn_hub_set(uint8_t *set, long hub);
void qn_new_id(struct qn_model *m, char *out);
bool qn_id_ok(const char *id);
struct qn_backend *qn_new_backend(struct qn_model *m, int opt, enum qn_kind from,
				  const struct qopts *o);
int qn_backend_type(struct qn_model *m, struct qn_backend *b);
struct qn_nic *qn_new_nic(struct qn_model *m, int opt);
int qn_add_redir(struct qn_model *m, int opt);
int qn_default_net(struct qn_model *m, int opt);
int qn_place_redirs(struct qn_model *m, struct qnet *q);
void qn_assign_macs(struct qn_model *m);
void qn_pick_machine(struct qn_model *m);
int qn_emit(struct qn_model *m, struct qnet *q);

#endif /* GN_RUN_QNET_INTERNAL_H */
