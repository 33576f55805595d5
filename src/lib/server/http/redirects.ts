const HERE = 'http://accord.invalid';

// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Whether a target carries characters no link should (a tab, a line break): a sign of tampering. */
export function hasControlCharacters(value: string): boolean {
	return CONTROL.test(value);
}

/**
 * Only same-site paths are followed after a form, never another origin. Browsers drop tabs and line
 * breaks from URLs and read a backslash as a slash, so "/\t/evil.example" and "/\\evil.example" lead
 * off-site: those characters are removed, the rest is resolved as a URL, and anything that does not
 * stay on this site is refused. A line break can never reach the Location header.
 */
export function safeRedirectTarget(value: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
	const text = (typeof value === 'string' ? value : '').replace(/[\t\r\n]/g, '');
	if (!text.startsWith('/') || text.startsWith('//') || text.startsWith('/\\')) return fallback;
	let url: URL;
	try {
		url = new URL(text, HERE);
	} catch {
		return fallback;
	}
	const path = `${url.pathname}${url.search}${url.hash}`;
	// "/.//evil.example" resolves to the path "//evil.example", which a browser reads as another host
	if (url.origin !== HERE || path.startsWith('//')) return fallback;
	return path;
}
