/*
 * topology.h - a service's topology as a figure (figure.h), from the roles
 * of its resources (service_roles.h): the primary and the DR region as two
 * boxes side by side with the service's resources inside, a store and its
 * copy on one row with an arrow from one to the other labelled with the
 * mechanism and the region of the copy's key (solid: replication, dashed:
 * a periodic copy such as a backup's), the DNS failover records above
 * pointing at the region each sends traffic to, with the health check
 * between them, and resources of no region below. Laid out here once;
 * the plan page (SVG) and the PDF draw the same boxes.
 *
 * Long addresses are shortened in the middle to fit their box; the full
 * address is the box's title and is in the resources table beside it.
 */
#ifndef RB_TOPOLOGY_H
#define RB_TOPOLOGY_H

#include "binder.h"
#include "figure.h"
#include "service_roles.h"

/*
 * The topology of `s` from its roles (rb_service_roles_list; at most the
 * first 64 are drawn); returns how many resources it draws, 0 (and
 * `out` empty, initialised) when the service has none in the inventory.
 */
size_t rb_topology(struct rb_figure *out, const struct rb_binder *b,
		   const struct rb_service *s, const struct rb_role *roles, size_t nr);

#endif
