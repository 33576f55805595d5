import { intlLocale } from '$lib/i18n';
import { getLocale } from '$lib/paraglide/runtime';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'date' | 'date-time' | 'time'): Intl.DateTimeFormat {
	const locale = getLocale();
	const key = `${locale}|${kind}`;
	let found = cache.get(key);
	if (!found) {
		found = new Intl.DateTimeFormat(intlLocale(locale), kind === 'date' ? { dateStyle: 'medium' } : kind === 'time' ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' });
		cache.set(key, found);
	}
	return found;
}

/**
 * Every date and time the interface shows goes through here: the person's language decides the
 * format, so the page rendered by the server and the one the browser takes over read the same
 * (a bare `toLocaleString()` used the server's locale on one and the browser's on the other).
 */
export function formatDateTime(value: number | string | Date): string {
	return formatter('date-time').format(new Date(value));
}

export function formatDate(value: number | string | Date): string {
	return formatter('date').format(new Date(value));
}

export function formatTime(value: number | string | Date): string {
	return formatter('time').format(new Date(value));
}

/** A number as the person's language writes it (grouping, decimal sign). */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
	return new Intl.NumberFormat(intlLocale(getLocale()), options).format(value);
}
