/**
 * "Follow me" down to the item: the boards mark each item people work on (a risk, a clause, an
 * agenda row) with `data-follow-item`; the facilitator's browser publishes the one they are on, and
 * followers' browsers bring it into view.
 */

const ATTRIBUTE = 'data-follow-item';

/** The item an element belongs to, or '' if it is outside every item. */
export function itemAt(target: EventTarget | null): string {
	if (!(target instanceof Element)) return '';
	return target.closest(`[${ATTRIBUTE}]`)?.getAttribute(ATTRIBUTE) ?? '';
}

/** Whether the person is typing somewhere: following never moves the page from under them then. */
function typing(): boolean {
	const active = document.activeElement;
	if (!(active instanceof HTMLElement)) return false;
	return active.isContentEditable || active instanceof HTMLTextAreaElement || active instanceof HTMLSelectElement || (active instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(active.type));
}

function reveal(element: Element): void {
	if (typing()) return;
	const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
	element.scrollIntoView({ block: 'center', behavior: smooth ? 'smooth' : 'auto' });
}

/**
 * Brings the item into view, now or as soon as the board has drawn it (after following the
 * facilitator to another page, the board is still loading). Returns a function that stops waiting.
 */
export function revealItem(id: string, waitMs = 10_000): () => void {
	const find = () => document.querySelector(`[${ATTRIBUTE}="${CSS.escape(id)}"]`);
	const found = find();
	if (found) {
		reveal(found);
		return () => {};
	}
	const observer = new MutationObserver(() => {
		const element = find();
		if (!element) return;
		stop();
		reveal(element);
	});
	const timer = setTimeout(() => stop(), waitMs);
	const stop = () => {
		observer.disconnect();
		clearTimeout(timer);
	};
	observer.observe(document.body, { childList: true, subtree: true });
	return stop;
}
