// SPDX-License-Identifier: GPL-2.0-or-later
/* ring.c - growing the power-of-two rings of the frame queues
 *
 * A port's transmit queue (port.c) and the ACK relay's held segments
 * (tcpwin_ack.c) are rings whose size is a power of two, element i at
 * (head + i) & (cap - 1). Growing one copies its elements, oldest first,
 * into an array twice its size, whose head is then 0.
 */
#include <stdlib.h>
#include <string.h>

#include "ring.h"
#include "xalloc.h"

/**
 * ring_grow() - a ring's elements in a new array of twice its size
 * @ring:	the elements (freed), or NULL while @cap is 0
 * @size:	bytes per element
 * @count:	elements in the ring
 * @head:	index of the oldest one; set to 0
 * @cap:	the ring's size, a power of two or 0; set to the new size
 * @first:	the new size when @cap is 0 (a power of two)
 *
 * Out of memory is fatal (xalloc).
 *
 * Return: the new array, the oldest element first
 */
void *ring_grow(void *ring, size_t size, uint32_t count, uint32_t *head, uint32_t *cap,
		uint32_t first)
{
	uint32_t ncap = *cap ? *cap * 2 : first;
	char *n = xcalloc(ncap, size);
	uint32_t tail = *cap - *head;	/* elements from head to the end */

	if (count) {
		if (tail > count)
			tail = count;
		memcpy(n, (char *)ring + (size_t)*head * size, (size_t)tail * size);
		memcpy(n + (size_t)tail * size, ring, (size_t)(count - tail) * size);
	}
	free(ring);
	*head = 0;
	*cap = ncap;
	return n;
}
