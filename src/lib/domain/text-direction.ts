/** Languages written right to left: the interface's `dir`, the PDF's and the DOCX's direction. */
const RTL = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'ckb']);

export function textDirection(language: string): 'ltr' | 'rtl' {
	return RTL.has(language.split('-')[0].toLowerCase()) ? 'rtl' : 'ltr';
}

/** Whether a text holds letters of a right-to-left script (Arabic, Hebrew, Syriac, Thaana, N'Ko…). */
export function hasRtlLetters(text: string): boolean {
	return /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u.test(text);
}
