/** Languages written right to left. Layouts use logical CSS properties, so they follow `dir`. */
const RTL = new Set(['ar', 'fa', 'he', 'ur', 'ps']);

export function textDirection(locale: string): 'ltr' | 'rtl' {
	return RTL.has(locale.split('-')[0]) ? 'rtl' : 'ltr';
}
