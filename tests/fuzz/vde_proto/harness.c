// SPDX-License-Identifier: GPL-2.0-or-later
/* vde_proto/harness.c - libFuzzer harness of vde_switch's control protocol
 *
 * The input is what a VDE client sent on DIR/ctl. The parser must accept
 * it with every field in bounds and equal to the bytes it came from, or
 * refuse it with a one-line reason; -EAGAIN only for fewer bytes than the
 * fixed part. An accepted request's data socket path must make a reply
 * that carries the same path.
 */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "port_vdeswitch_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_why(const char *why)
{
	if (!why || !*why || strchr(why, '\n'))
		abort();
}

static void check_accepted(const uint8_t *data, size_t size,
			   const struct vdesw_request *r)
{
	const char *path = (const char *)data + VDESW_OFF_SOCK +
			   offsetof(struct sockaddr_un, sun_path);
	size_t plen = strnlen(r->path, sizeof(r->path));
	size_t dlen = strnlen(r->descr, sizeof(r->descr));
	struct sockaddr_un reply;
	const char *why = NULL;

	if (size < VDESW_REQ_HDR_LEN || size > VDESW_REQ_MAX_LEN)
		abort();
	if (plen == 0 || plen > VDESW_PATH_MAX || r->path[0] != '/' ||
	    memcmp(r->path, path, plen + 1))
		abort();
	if (dlen > VDESW_DESCR_MAX || dlen > size - VDESW_REQ_HDR_LEN ||
	    memcmp(r->descr, data + VDESW_REQ_HDR_LEN, dlen))
		abort();
	for (size_t i = 0; i < dlen; i++)
		if ((unsigned char)r->descr[i] < 0x20 || r->descr[i] == 0x7f)
			abort();
	if (r->port > VDESW_PORT_MAX)
		abort();
	if (vdesw_reply_build(r->path, &reply, &why) ||
	    reply.sun_family != AF_UNIX || strcmp(reply.sun_path, r->path))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vdesw_request r;
	const char *why = NULL;
	int ret;

	ret = vdesw_request_parse(data, size, &r, &why);
	if (ret == 0)
		check_accepted(data, size, &r);
	else if (ret == -EAGAIN && size < VDESW_REQ_HDR_LEN)
		check_why(why);
	else if (ret == -EINVAL)
		check_why(why);
	else
		abort();
	return 0;
}
