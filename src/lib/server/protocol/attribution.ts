import type { Author } from '../../collab/authors';
import { priorityBand, type Rating } from '../../domain/dpia/scoring';
import type { Kit } from '../../domain/kit-schema';

/** Who did an act the protocol records: the account the server stamped, and when. */
export const attribution = (a: Author | null | undefined) => (a ? { userId: a.userId, name: a.name, at: new Date(a.at).toISOString() } : null);

/** A rating as the protocol records it, with its priority band on the kit's scale. */
export const rated = (r: Rating | null, kit: Kit) =>
	r ? { severity: r.severity, likelihood: r.likelihood, band: priorityBand(kit.scales.priority, r), ...(r.likelihoodUnknown ? { likelihoodUnknown: true } : {}) } : null;
