// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * privs.c - privilege drop and confinement
 *
 * Works for both install modes. Setuid root: the effective uid is 0, so
 * capng_change_id() keeps CAP_NET_ADMIN across setresuid() to the real
 * uid and gid (supplementary groups stay the caller's) and clears the
 * bounding set. File capabilities (cap_net_admin+ep): uid is already the
 * caller's and CAP_NET_ADMIN the only permitted capability; the sets are
 * cleared down to it again, which needs no further privilege.
 * Then the process is made non-dumpable, PR_SET_NO_NEW_PRIVS is set and
 * the seccomp allow-list is loaded (seccomp/helper.c).
 */
#include <cap-ng.h>
#include <errno.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "../seccomp/helper.h"
#include "privs.h"

/**
 * privs_drop() - keep only CAP_NET_ADMIN and become the real uid/gid
 * @why:	set to a static reason on failure
 *
 * Return: 0, or -EPERM if the capability sets cannot be changed or
 * CAP_NET_ADMIN is not held
 */
int privs_drop(const char **why)
{
	uid_t uid = getuid();
	gid_t gid = getgid();

	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED,
			 CAP_NET_ADMIN)) {
		*why = "cannot prepare capability set";
		return -EPERM;
	}
	if (geteuid() == 0 && uid != 0) {
		if (capng_change_id((int)uid, (int)gid, CAPNG_CLEAR_BOUNDING)) {
			*why = "cannot change to the caller's uid keeping CAP_NET_ADMIN";
			return -EPERM;
		}
	} else if (capng_apply(geteuid() == 0 ? CAPNG_SELECT_BOTH :
				CAPNG_SELECT_CAPS)) {
		*why = "cannot drop capabilities";
		return -EPERM;
	}
	if (geteuid() != uid || getegid() != gid) {
		*why = "still running with another uid or gid";
		return -EPERM;
	}
	capng_get_caps_process();
	if (capng_have_capability(CAPNG_EFFECTIVE, CAP_NET_ADMIN) != 1) {
		*why = "CAP_NET_ADMIN is not available (not installed setuid or with cap_net_admin+ep?)";
		return -EPERM;
	}
	return 0;
}

/**
 * privs_confine() - non-dumpable, no new privileges, seccomp allow-list
 * @why:	set to a static reason on failure
 *
 * Return: 0, or a negative errno from prctl() or libseccomp
 */
int privs_confine(const char **why)
{
	int ret;

	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		*why = "prctl failed";
		return -errno;
	}
	ret = seccomp_helper_load();
	if (ret)
		*why = "cannot load the seccomp filter";
	return ret;
}
