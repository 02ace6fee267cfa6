// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * acl.c - bridge ACL: pure line/buffer parser, rule set, decision
 *
 * Syntax (qemu-bridge-helper's, extended), one statement per line:
 *
 *	allow NAME|all [user=USER|group=GROUP]
 *	deny  NAME|all [user=USER|group=GROUP]
 *	include /ABSOLUTE/PATH		(a file, or a directory's *.conf)
 *
 * Tokens are separated by spaces or tabs; a token starting with '#'
 * begins a comment that runs to the end of the line. Names are checked
 * whole by ifname_check(), never truncated. Decision: any matching deny
 * wins, else any matching allow, else deny.
 *
 * acl_parse_line() and acl_parse_buffer() do no I/O and allocate nothing,
 * so they are unit-tested and fuzzed directly; file handling (ownership,
 * includes) is in acl_file.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "ifname.h"

#define ACL_MAX_RULES	65536

struct tok {
	const char *p;
	size_t len;
};

static bool is_sep(char c)
{
	return c == ' ' || c == '\t';
}

/* Split into at most @max tokens; a token starting with '#' ends the line */
static int tokenize(const char *s, size_t len, struct tok *t, size_t max,
		    size_t *n)
{
	size_t i = 0;

	*n = 0;
	while (i < len) {
		size_t start;

		while (i < len && is_sep(s[i]))
			i++;
		if (i == len || s[i] == '#')
			break;
		start = i;
		while (i < len && !is_sep(s[i]))
			i++;
		if (*n == max)
			return -E2BIG;
		t[*n].p = s + start;
		t[*n].len = i - start;
		(*n)++;
	}
	return 0;
}

static bool tok_is(const struct tok *t, const char *word)
{
	size_t n = strlen(word);

	return t->len == n && !memcmp(t->p, word, n);
}

static int parse_who(const struct tok *t, struct acl_line *out,
		     const char **why)
{
	const char *v;
	size_t i, n;

	if (t->len > 5 && !memcmp(t->p, "user=", 5)) {
		out->scope = ACL_USER;
		v = t->p + 5;
		n = t->len - 5;
	} else if (t->len > 6 && !memcmp(t->p, "group=", 6)) {
		out->scope = ACL_GROUP;
		v = t->p + 6;
		n = t->len - 6;
	} else {
		*why = "expected user=NAME or group=NAME after the bridge";
		return -EINVAL;
	}
	if (n >= ACL_WHO_MAX) {
		*why = "user or group name too long";
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c <= 0x20 || c >= 0x7f || c == '/' || c == ':' ||
		    c == '=') {
			*why = "bad character in user or group name";
			return -EINVAL;
		}
	}
	memcpy(out->who, v, n);
	out->who[n] = '\0';
	return 0;
}

static int parse_rule(const struct tok *t, size_t n, struct acl_line *out,
		      const char **why)
{
	const char *bad = NULL;

	if (n < 2) {
		*why = "allow/deny needs a bridge name or all";
		return -EINVAL;
	}
	if (n > 3) {
		*why = "too many words after allow/deny";
		return -EINVAL;
	}
	if (tok_is(&t[1], "all")) {
		out->all = true;
	} else {
		if (ifname_check(t[1].p, t[1].len, &bad)) {
			*why = bad;
			return -EINVAL;
		}
		memcpy(out->bridge, t[1].p, t[1].len);
		out->bridge[t[1].len] = '\0';
	}
	if (n == 3)
		return parse_who(&t[2], out, why);
	return 0;
}

static int parse_include(const struct tok *t, size_t n, struct acl_line *out,
			 const char **why)
{
	size_t i;

	if (n != 2) {
		*why = "include needs exactly one absolute path";
		return -EINVAL;
	}
	if (t[1].p[0] != '/') {
		*why = "include path must be absolute";
		return -EINVAL;
	}
	if (t[1].len >= ACL_PATH_MAX) {
		*why = "include path too long";
		return -EINVAL;
	}
	for (i = 0; i < t[1].len; i++) {
		unsigned char c = (unsigned char)t[1].p[i];

		if (c < 0x20 || c == 0x7f) {
			*why = "control character in include path";
			return -EINVAL;
		}
	}
	memcpy(out->path, t[1].p, t[1].len);
	out->path[t[1].len] = '\0';
	return 0;
}

/**
 * acl_parse_line() - parse one ACL line (pure: no I/O, no allocation)
 * @s:		the line, without its newline, need not be NUL-terminated
 * @len:	its length
 * @out:	the parsed statement; ACL_EMPTY for blank or comment lines
 * @why:	set to a static reason on error
 *
 * Return: 0 on success, -EINVAL for a malformed line, -E2BIG for a line
 * longer than ACL_LINE_MAX or with too many words
 */
int acl_parse_line(const char *s, size_t len, struct acl_line *out,
		   const char **why)
{
	struct tok t[4];
	size_t i, n;

	memset(out, 0, sizeof(*out));
	if (len > ACL_LINE_MAX) {
		*why = "line too long";
		return -E2BIG;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			*why = "control character in line";
			return -EINVAL;
		}
	}
	if (tokenize(s, len, t, 4, &n)) {
		*why = "too many words on line";
		return -E2BIG;
	}
	if (n == 0)
		return 0;

	if (tok_is(&t[0], "allow"))
		out->kind = ACL_ALLOW;
	else if (tok_is(&t[0], "deny"))
		out->kind = ACL_DENY;
	else if (tok_is(&t[0], "include"))
		out->kind = ACL_INCLUDE;
	else {
		*why = "unknown keyword (allow, deny, include)";
		return -EINVAL;
	}

	if (out->kind == ACL_INCLUDE)
		return parse_include(t, n, out, why);
	return parse_rule(t, n, out, why);
}

/**
 * acl_parse_buffer() - parse a whole ACL file held in memory (pure)
 * @buf:	file contents, need not be NUL-terminated
 * @len:	length of @buf
 * @fn:		called for each non-empty line, in order
 * @opaque:	passed to @fn
 * @lineno:	set to the line number of an error
 * @why:	set to a static reason on a parse error (not on @fn's errors)
 *
 * A NUL byte anywhere is an error; the last line needs no newline.
 *
 * Return: 0 on success, the error of acl_parse_line() or @fn otherwise
 */
int acl_parse_buffer(const char *buf, size_t len, acl_line_fn fn,
		     void *opaque, unsigned int *lineno, const char **why)
{
	struct acl_line l;
	size_t pos = 0;
	int ret;

	*lineno = 0;
	if (memchr(buf, '\0', len)) {
		*why = "NUL byte in file";
		return -EINVAL;
	}
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len;

		(*lineno)++;
		ret = acl_parse_line(buf + pos, end - pos, &l, why);
		if (ret)
			return ret;
		if (l.kind != ACL_EMPTY) {
			ret = fn(&l, *lineno, opaque);
			if (ret)
				return ret;
		}
		pos = end + 1;
	}
	return 0;
}

/**
 * acl_add_file() - remember a file name for rule origins
 * @acl:	the rule set
 * @path:	path to copy
 *
 * Return: the stored copy, or NULL if out of memory
 */
const char *acl_add_file(struct acl *acl, const char *path)
{
	char **files, *copy;

	files = realloc(acl->files, (acl->nfiles + 1) * sizeof(*files));
	if (!files)
		return NULL;
	acl->files = files;
	copy = strdup(path);
	if (!copy)
		return NULL;
	files[acl->nfiles++] = copy;
	return copy;
}

/**
 * acl_add() - append an allow or deny line to the rule set
 * @acl:	the rule set
 * @l:		a parsed ACL_ALLOW or ACL_DENY line
 * @file:	origin, as returned by acl_add_file()
 * @lineno:	origin line
 *
 * Return: 0, -EINVAL if @l is not a rule, -ENOMEM, or -E2BIG past
 * ACL_MAX_RULES rules
 */
int acl_add(struct acl *acl, const struct acl_line *l, const char *file,
	    unsigned int lineno)
{
	struct acl_rule *r;

	if (l->kind != ACL_ALLOW && l->kind != ACL_DENY)
		return -EINVAL;
	if (acl->n == ACL_MAX_RULES)
		return -E2BIG;
	if (acl->n == acl->cap) {
		size_t cap = acl->cap ? acl->cap * 2 : 16;

		r = realloc(acl->rules, cap * sizeof(*r));
		if (!r)
			return -ENOMEM;
		acl->rules = r;
		acl->cap = cap;
	}
	r = &acl->rules[acl->n++];
	memset(r, 0, sizeof(*r));
	r->deny = l->kind == ACL_DENY;
	r->all = l->all;
	memcpy(r->bridge, l->bridge, sizeof(r->bridge));
	r->scope = l->scope;
	memcpy(r->who, l->who, sizeof(r->who));
	r->file = file;
	r->line = lineno;
	return 0;
}

static bool rule_matches(const struct acl_rule *r, const char *bridge,
			 const struct acl_subject *who)
{
	size_t i;

	if (!r->all && strcmp(r->bridge, bridge))
		return false;
	switch (r->scope) {
	case ACL_ANYONE:
		return true;
	case ACL_USER:
		return r->resolved && r->id == who->uid;
	case ACL_GROUP:
		if (!r->resolved)
			return false;
		for (i = 0; i < who->ngids; i++)
			if (who->gids[i] == r->id)
				return true;
		return false;
	}
	return false;
}

/**
 * acl_decide() - may @who attach a tap to @bridge?
 * @acl:	rules, user/group ids resolved
 * @bridge:	bridge name
 * @who:	the caller
 * @allow:	set to the decision
 *
 * A matching deny wins over any allow; no match denies.
 *
 * Return: the deciding rule (first matching deny, else first matching
 * allow), or NULL when no rule matched (denied by default)
 */
const struct acl_rule *acl_decide(const struct acl *acl, const char *bridge,
				  const struct acl_subject *who, bool *allow)
{
	const struct acl_rule *first_allow = NULL;
	size_t i;

	for (i = 0; i < acl->n; i++) {
		const struct acl_rule *r = &acl->rules[i];

		if (!rule_matches(r, bridge, who))
			continue;
		if (r->deny) {
			*allow = false;
			return r;
		}
		if (!first_allow)
			first_allow = r;
	}
	*allow = first_allow != NULL;
	return first_allow;
}

/**
 * acl_free() - release a rule set
 * @acl:	the rule set, left empty
 */
void acl_free(struct acl *acl)
{
	size_t i;

	for (i = 0; i < acl->nfiles; i++)
		free(acl->files[i]);
	free(acl->files);
	free(acl->rules);
	memset(acl, 0, sizeof(*acl));
}
