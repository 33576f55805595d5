/** Only same-site paths are followed after a form, never another origin ("//evil.example"). */
export function safeRedirectTarget(value: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
	const text = typeof value === 'string' ? value : '';
	if (!text.startsWith('/') || text.startsWith('//') || text.startsWith('/\\')) return fallback;
	return text;
}
