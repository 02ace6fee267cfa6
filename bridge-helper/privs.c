// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * privs.c - privilege drop and confinement
 *
 * Three steps, for both install modes:
 *
 * 1. privs_drop(), first thing after the arguments: become the caller
 *    and keep CAP_NET_ADMIN in the permitted set only. Setuid root: the
 *    effective uid is 0, so capng_change_id() keeps the capability
 *    across setresuid()/setresgid() to the real uid and gid
 *    (supplementary groups stay the caller's) and clears the bounding
 *    set. File capabilities (cap_net_admin+ep): uid and gid already are
 *    the caller's; the sets are cut down the same way, but the bounding
 *    set stays as it is, because changing it needs CAP_SETPCAP, which
 *    such a helper does not have (and must not be given). It does no
 *    harm: the bounding set only limits what an execve() could gain,
 *    and the helper never executes anything (no_new_privs, and execve is
 *    not in its seccomp list). Then the ACL, the network definitions
 *    and NSS are read with the caller's rights and no effective
 *    capability.
 * 2. privs_raise(): CAP_NET_ADMIN effective again, once the request has
 *    been granted.
 * 3. privs_confine(): not dumpable, PR_SET_NO_NEW_PRIVS, then the seccomp
 *    allow-list (seccomp/helper.c).
 */
#include <cap-ng.h>
#include <errno.h>
#include <stdbool.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "seccomp/helper.h"
#include "privs.h"

static int set_net_admin(bool effective, const char **why)
{
	capng_clear(CAPNG_SELECT_CAPS);
	if (capng_update(CAPNG_ADD, effective ?
			 CAPNG_EFFECTIVE | CAPNG_PERMITTED : CAPNG_PERMITTED,
			 CAP_NET_ADMIN) || capng_apply(CAPNG_SELECT_CAPS)) {
		*why = "cannot change the capability sets";
		return -EPERM;
	}
	return 0;
}

/**
 * privs_drop() - become the caller, CAP_NET_ADMIN permitted only
 * @why:	set to a static reason on failure
 *
 * Return: 0, or -EPERM if the ids or capability sets cannot be changed
 * or CAP_NET_ADMIN is not held
 */
int privs_drop(const char **why)
{
	uid_t uid = getuid();
	gid_t gid = getgid();

	capng_get_caps_process();
	if (capng_have_capability(CAPNG_PERMITTED, CAP_NET_ADMIN) != 1 &&
	    geteuid() != 0) {
		*why = "CAP_NET_ADMIN is not available (not installed setuid or with cap_net_admin+ep?)";
		return -EPERM;
	}
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
	if (capng_have_capability(CAPNG_PERMITTED, CAP_NET_ADMIN) != 1) {
		*why = "CAP_NET_ADMIN is not available (not installed setuid or with cap_net_admin+ep?)";
		return -EPERM;
	}
	return set_net_admin(false, why);
}

/**
 * privs_raise() - make the permitted CAP_NET_ADMIN effective
 * @why:	set to a static reason on failure
 *
 * Return: 0, or -EPERM
 */
int privs_raise(const char **why)
{
	return set_net_admin(true, why);
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
