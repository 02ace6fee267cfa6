// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * netrules.c - a network's nftables rules, put in place for one tap and
 *		taken back if the tap is not delivered
 *
 * DOC: Theory of operation
 *
 * Before a tap on a guestnet network's bridge is handed over, the
 * network's rules are applied again (network/rules.c: one transaction
 * that adds table and chains if missing and replaces their rules), so a
 * flushed or edited ruleset is restored, never trusted. This is the last
 * step before the send (main.c): everything that can refuse the request
 * has been checked by then. Should the send still fail (the caller
 * closed its socket in the last milliseconds), netrules_undo() puts back
 * what was there before, so a refused request changes nothing:
 *
 * - netrules_apply() first lists "table inet guestnet" and keeps the text
 *   of each of the network's chains that exists (nft prints a chain as a
 *   block from "\tchain NAME-SUFFIX {" to "\t}" and reads that text back
 *   unchanged);
 * - netrules_undo() then, in one transaction, flushes and re-adds each
 *   chain that existed from its saved text, and deletes each chain that
 *   did not. A table that did not exist is left, empty: deleting it
 *   could delete chains another network added in the meantime, and an
 *   empty table filters nothing (guestnet-network down deletes it).
 *
 * A helper killed (SIGKILL) between apply and send leaves the network's
 * own rules in place on its existing bridge: what `guestnet-network up`
 * puts there, so no isolation is lost.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netdef.h"
#include "rules.h"
#include "netrules.h"
#include "nft.h"

#define LIST_MAX	(256 * 1024)	/* text of the whole table */

/* The block of chain @chain in @list, or NULL; *@len set to its length */
static const char *chain_block(const char *list, const char *chain,
			       size_t *len)
{
	char head[NETDEF_NAME_MAX + 32];
	const char *p, *end;

	snprintf(head, sizeof(head), "\tchain %s {\n", chain);
	p = strstr(list, head);
	if (!p)
		return NULL;
	end = strstr(p, "\n\t}\n");
	if (!end)
		return NULL;
	*len = (size_t)(end - p) + 4;
	return p;
}

static int save(struct netrules *nr, const struct netdef *nd, char *list,
		char *msg, size_t msglen)
{
	char chain[NETDEF_NAME_MAX + 8], why[256];
	const char *block;
	size_t len;
	int i, ret;

	ret = nft_cmd(nr->ctx, "list table inet " RULES_TABLE "\n", list,
		      LIST_MAX, why, sizeof(why));
	if (ret == -EIO) {	/* no such table? then "list tables" shows it */
		ret = nft_cmd(nr->ctx, "list tables inet\n", list, LIST_MAX,
			      msg, msglen);
		if (ret)
			return ret;
		if (!strstr(list, "table inet " RULES_TABLE "\n"))
			return 0;	/* no table: no chain existed */
		ret = -EIO;
	}
	if (ret) {
		snprintf(msg, msglen, "cannot list table inet %s: %s",
			 RULES_TABLE, why);
		return ret;
	}
	for (i = 0; i < nr->n; i++) {
		snprintf(chain, sizeof(chain), "%s-%s", nd->name, nr->suffix[i]);
		block = chain_block(list, chain, &len);
		if (!block)
			continue;
		nr->before[i] = strndup(block, len);
		if (!nr->before[i]) {
			snprintf(msg, msglen, "out of memory");
			return -ENOMEM;
		}
	}
	return 0;
}

/**
 * netrules_apply() - save the network's chains, then apply its rules
 * @nr:		state for netrules_undo() and netrules_free(); zeroed here
 * @nd:		the network of the requested bridge
 * @msg:	on failure, nft's reason
 * @msglen:	size of @msg
 *
 * Return: 0 (also for bridged: no rules), or a negative errno if the
 * current rules could not be read or the new ones not applied (then
 * nothing was changed: the transaction is atomic)
 */
int netrules_apply(struct netrules *nr, const struct netdef *nd, char *msg,
		   size_t msglen)
{
	char text[RULES_TEXT_MAX];
	char *list = NULL;
	int ret;

	memset(nr, 0, sizeof(*nr));
	ret = rules_up(nd, text, sizeof(text));
	if (ret <= 0) {
		snprintf(msg, msglen, ret ? "no rule text for this network" : "");
		return ret;
	}
	nr->n = rules_chains(nd, nr->suffix, NETRULES_MAX);
	ret = -ENOMEM;
	snprintf(msg, msglen, "out of memory");
	nr->ctx = nft_open();
	list = malloc(LIST_MAX);
	if (!nr->ctx || !list)
		goto out;
	ret = save(nr, nd, list, msg, msglen);
	if (ret)
		goto out;
	ret = nft_cmd(nr->ctx, text, NULL, 0, msg, msglen);
	nr->applied = !ret;
out:
	free(list);
	return ret;
}

/**
 * netrules_undo() - put the network's chains back as they were
 * @nr:		from a successful netrules_apply()
 * @nd:		the same network
 * @msg:	on failure, nft's reason
 * @msglen:	size of @msg
 *
 * Return: 0 (also if nothing was applied), or a negative errno
 */
int netrules_undo(struct netrules *nr, const struct netdef *nd, char *msg,
		  size_t msglen)
{
	size_t len = 64, used;
	char *text;
	int i, ret;

	if (!nr->applied)
		return 0;
	for (i = 0; i < nr->n; i++)
		len += 128 + (nr->before[i] ? strlen(nr->before[i]) : 0);
	text = malloc(len);
	if (!text) {
		snprintf(msg, msglen, "out of memory");
		return -ENOMEM;
	}
	used = (size_t)snprintf(text, len, "add table inet %s\n", RULES_TABLE);
	for (i = 0; i < nr->n; i++) {
		if (nr->before[i])
			used += (size_t)snprintf(text + used, len - used,
				"flush chain inet %s %s-%s\ntable inet %s {\n%s}\n",
				RULES_TABLE, nd->name, nr->suffix[i],
				RULES_TABLE, nr->before[i]);
		else
			used += (size_t)snprintf(text + used, len - used,
				"delete chain inet %s %s-%s\n", RULES_TABLE,
				nd->name, nr->suffix[i]);
	}
	ret = nft_cmd(nr->ctx, text, NULL, 0, msg, msglen);
	free(text);
	if (!ret)
		nr->applied = false;
	return ret;
}

/**
 * netrules_free() - free what netrules_apply() kept
 * @nr:		the state (may be all zero)
 */
void netrules_free(struct netrules *nr)
{
	int i;

	for (i = 0; i < NETRULES_MAX; i++)
		free(nr->before[i]);
	nft_close(nr->ctx);
	memset(nr, 0, sizeof(*nr));
}
