// SPDX-License-Identifier: GPL-2.0-or-later
/* nle_errno.c - libnl error codes as negative errno values
 *
 * For guestnet-network's libnl code (network/bridge.c), so that NLE_*
 * codes never leave it: everything above sees negative errno only. The
 * bridge helper does not link libnl (its rtnetlink code, netlink.c, is
 * on libmnl: docs/SECURITY.md says why); this file stays here until the
 * shared code moves to a common library.
 */

#include <errno.h>

#include <netlink/errno.h>

#include "nle_errno.h"

/**
 * nle_to_errno() - translate a libnl result
 * @nle:	0, or an NLE_* code of either sign
 *
 * Return: 0, or the matching negative errno (-EIO for codes without one)
 */
int nle_to_errno(int nle)
{
	switch (nle < 0 ? -nle : nle) {
	case 0:			return 0;
	case NLE_NOMEM:		return -ENOMEM;
	case NLE_PERM:		return -EPERM;
	case NLE_NOACCESS:	return -EACCES;
	case NLE_OBJ_NOTFOUND:
	case NLE_NODEV:		return -ENODEV;
	case NLE_EXIST:		return -EEXIST;
	case NLE_INVAL:		return -EINVAL;
	case NLE_RANGE:		return -ERANGE;
	case NLE_BUSY:		return -EBUSY;
	case NLE_OPNOTSUPP:	return -EOPNOTSUPP;
	case NLE_NOADDR:	return -EADDRNOTAVAIL;
	case NLE_AGAIN:		return -EAGAIN;
	default:		return -EIO;
	}
}
