import { z } from 'zod';

/**
 * Text at Accord's boundaries is made well-formed Unicode: a lone surrogate (which JSON can carry as
 * "\\ud800") becomes U+FFFD. Stored text and hashed text are then the same bytes: SQLite stores
 * UTF-8, in which a lone surrogate cannot exist, so a hash computed over it before storage would
 * never match the stored row again.
 */
export function wellFormed<T>(value: T): T {
	if (typeof value === 'string') return value.toWellFormed() as T;
	if (Array.isArray(value)) return value.map((v) => wellFormed(v)) as T;
	if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toWellFormed(), wellFormed(v)])) as T;
	}
	return value;
}

/**
 * Characters that never belong in a name, a title or a short text someone typed: C0 and C1 control
 * characters (NUL included), the bidirectional embeddings, overrides and isolates that can make
 * text read in another order than it is stored (U+202A–U+202E, U+2066–U+2069), and invisible
 * zero-width characters that let two names look the same. Marks that only say which way a run of
 * text reads (U+200E, U+200F, U+061C) stay: Arabic and Hebrew text needs them.
 */
// eslint-disable-next-line no-control-regex -- these are exactly what is removed
const UNWANTED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b\u200c\u2060\ufeff]/g;

/** One line of text as people type it into a name or title field: cleaned, spaces collapsed, trimmed. */
export function cleanLine(text: string): string {
	return text.toWellFormed().normalize('NFC').replace(UNWANTED, '').replace(/[\t\n\r]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

/** A few lines (a reason, a comment): cleaned, line breaks kept. */
export function cleanParagraph(text: string): string {
	return text.toWellFormed().normalize('NFC').replace(/\r\n?/g, '\n').replace(UNWANTED, '').trim();
}

/** What two display names must differ in to be told apart: letters and digits, whatever their case, accents or width. */
export function nameKey(name: string): string {
	return cleanLine(name)
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLocaleLowerCase('en')
		.replace(/[^\p{L}\p{N}]/gu, '');
}


/** A name or title field: cleaned (see `cleanLine`), then checked for length. */
export const lineText = (min: number, max: number, message?: string) => z.string().transform(cleanLine).pipe(z.string().min(min, message).max(max, message));
/** A reason or comment: cleaned (see `cleanParagraph`), then checked for length. */
export const paragraphText = (min: number, max: number, message?: string) => z.string().transform(cleanParagraph).pipe(z.string().min(min, message).max(max, message));

// eslint-disable-next-line no-control-regex -- these are exactly what is shown escaped
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

/** Text for a terminal: every control, direction or invisible character shown as `\u{…}`, so nothing can reorder or hide what is printed. */
export function printable(text: string): string {
	return text.replace(INVISIBLE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/**
 * Text placed inside a sentence on a page: wrapped in a first-strong isolate (U+2068 … U+2069), with
 * any direction controls it held removed, so a name written right to left — or one crafted to —
 * cannot reorder the words around it.
 */
export function isolate(text: string): string {
	return `\u2068${text.replace(/[\u202a-\u202e\u2066-\u2069]/g, '')}\u2069`;
}

/** An e-mail address as Accord accepts one (for accounts and for invitations sent by e-mail). */
export const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;
export const emailAddress = z.string().max(320).regex(EMAIL_PATTERN);
