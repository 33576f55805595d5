import fs from 'node:fs';
import type { Page } from '@playwright/test';

/**
 * The interface's words in one language, read from the message catalogue the app is built from, so
 * a scene can be played in Arabic or Spanish with the same selectors a person would use: the
 * labels, buttons and messages they see.
 */
export type Say = (key: string, params?: Record<string, string | number>) => string;

const load = (locale: string) => JSON.parse(fs.readFileSync(`messages/${locale}.json`, 'utf8')) as Record<string, string>;

export function catalogue(locale: string): Say {
	const words = load(locale);
	return (key, params = {}) => {
		const text = words[key];
		if (text === undefined) throw new Error(`the catalogue has no message ${key}`);
		return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
	};
}

/** Messages written the same in every language (the product's name, the languages' own names). */
const SAME_EVERYWHERE = new Set(['$schema', 'app_name', 'language_en', 'language_fr', 'language_ar', 'language_es', 'export_md']);

/**
 * Runs of four words or more of the English catalogue, between its parameters. One of them on a page
 * in another language is an English string left untranslated (kit content, written in the
 * workshop's language, is not from the catalogue and does not count).
 */
export function englishPhrases(): string[] {
	const phrases = new Set<string>();
	for (const [key, text] of Object.entries(load('en'))) {
		if (SAME_EVERYWHERE.has(key)) continue;
		for (const part of text.split(/\{\w+\}|\n/)) {
			const phrase = part.trim().replace(/[.:;,]$/, '');
			if (phrase.split(/\s+/).length >= 4) phrases.add(phrase);
		}
	}
	return [...phrases];
}

/**
 * The English catalogue phrases a page shows, in its text or in the names and hints it gives
 * assistive technology. A part of the page marked as written in another language (the frozen
 * protocol, in the workshop's language) is content, not the interface, and is left out.
 */
export async function englishLeft(page: Page, phrases: readonly string[]): Promise<string[]> {
	const shown = await page.evaluate(() => {
		const own = document.documentElement.lang;
		const ours = (el: Element | null) => (el?.closest('[lang]')?.getAttribute('lang') ?? own) === own;
		const parts: string[] = [];
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const parent = node.parentElement;
			if (parent && !parent.closest('script, style') && ours(parent)) parts.push(node.textContent ?? '');
		}
		for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
			if (!ours(el)) continue;
			for (const name of ['aria-label', 'title', 'placeholder', 'alt']) parts.push(el.getAttribute(name) ?? '');
		}
		return parts.join('\n').replace(/\s+/g, ' ');
	});
	return phrases.filter((p) => shown.includes(p));
}
