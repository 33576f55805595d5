/**
 * The presenter view: any step board opened with `?present` shows, full screen, what the room
 * looks at on the projector. It follows the facilitator from board to board by itself, whoever is
 * signed in on the projector's computer (usually the facilitator, who does not "follow" anyone).
 */
export const PRESENT_PARAM = 'present';

export function isPresenting(url: URL): boolean {
	return url.searchParams.has(PRESENT_PARAM);
}

/** The same page as a presenter view (its other parameters kept, the board's own view dropped). */
export function presentHref(pathAndSearch: string): string {
	const url = new URL(pathAndSearch, 'http://x');
	url.searchParams.delete('view');
	url.searchParams.set(PRESENT_PARAM, '1');
	return `${url.pathname}?${url.searchParams.toString()}`;
}

/** The step board a path is on (`dpia`, `dpisp`, `terms`, `breach`), or null. */
export function boardOfPath(workshopId: string, path: string): string | null {
	const match = new URL(path, 'http://x').pathname.match(/^\/workshops\/([^/]+)\/boards\/([a-z]+)\/?$/);
	return match && match[1] === workshopId ? match[2] : null;
}

/**
 * Where a presenter view goes when the facilitator leads somewhere: the presenter view of the
 * board they are on, or nowhere if they are not on a board of this workshop, or already there.
 */
export function presenterDestination(workshopId: string, followed: string, here: string): string | null {
	if (!followed) return null;
	const target = boardOfPath(workshopId, followed);
	if (!target || target === boardOfPath(workshopId, here)) return null;
	return presentHref(new URL(followed, 'http://x').pathname);
}
