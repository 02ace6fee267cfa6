/* SPDX-License-Identifier: GPL-2.0-or-later */
/* objects.h - -hub, -object filter-dump and -dump */
#ifndef GN_OBJECTS_H
#define GN_OBJECTS_H

struct opts;

int object_hub(struct opts *o);
int object_add(struct opts *o);
int object_hub_dump(struct opts *o);

#endif /* GN_OBJECTS_H */
