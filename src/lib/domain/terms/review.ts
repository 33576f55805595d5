/** Step 8: each organisation reviews the Terms of Use checklist against the current version. */
export type ItemReview = 'accepted' | 'queried';
export type OrganisationStatus = 'not-started' | 'reviewing' | 'queries-open' | 'ready';

export interface Review {
	agencyId: string;
	itemId: string;
	value: ItemReview;
	version: number;
}

/**
 * Reviews of an older version do not count for the current one; an organisation that reviewed an
 * earlier version is back to "reviewing" when a new version appears.
 */
export function organisationStatus(agencyId: string, items: readonly string[], reviews: readonly Review[], currentVersion: number): OrganisationStatus {
	const mine = reviews.filter((r) => r.agencyId === agencyId);
	if (mine.length === 0) return 'not-started';
	const current = mine.filter((r) => r.version === currentVersion);
	if (current.some((r) => r.value === 'queried')) return 'queries-open';
	const accepted = new Set(current.filter((r) => r.value === 'accepted').map((r) => r.itemId));
	if (items.length > 0 && items.every((i) => accepted.has(i))) return 'ready';
	return 'reviewing';
}
