import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, twoAgencyWorkshop } from './helpers';
import { ADMIN, SCREENS_ALPHA, SCREENS_BETA, SCREENS_FACILITATOR } from './people';

/** Where the screenshots go: kept by CI with the other test results. */
const OUT = path.join('test-results', 'screens');
const VIEWPORTS = [
	{ width: 1280, height: 720 },
	{ width: 1920, height: 1080 }
];

/**
 * Everything that sticks out sideways: past the window, or past the nearest box drawn around it (a
 * card, a table cell, a figure), unless it sits in something meant to scroll sideways. Hidden and
 * visually-hidden elements do not count.
 */
async function overflowing(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const found: string[] = [];
		const width = document.documentElement.clientWidth;
		const styles = new Map<Element, CSSStyleDeclaration>();
		const styleOf = (el: Element) => {
			let style = styles.get(el);
			if (!style) styles.set(el, (style = getComputedStyle(el)));
			return style;
		};
		const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} “${(el.textContent ?? '').trim().slice(0, 40)}”`;
		const drawn = (style: CSSStyleDeclaration) =>
			parseFloat(style.borderInlineStartWidth) > 0 || parseFloat(style.borderInlineEndWidth) > 0 || (style.backgroundColor !== 'rgba(0, 0, 0, 0)' && style.backgroundColor !== 'transparent');
		for (const el of document.body.querySelectorAll('*')) {
			const rect = el.getBoundingClientRect();
			if (rect.width === 0 || rect.height === 0) continue;
			const style = styleOf(el);
			if (style.position === 'fixed' || style.visibility === 'hidden' || el.closest('.visually-hidden, [hidden], option, svg')) continue;
			if (rect.right > width + 1 || rect.left < -1) {
				found.push(`${describe(el)} runs past the window (${Math.round(rect.left)}–${Math.round(rect.right)} of ${width} px)`);
				continue;
			}
			for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
				const s = styleOf(box);
				if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX)) break;
				if (!drawn(s)) continue;
				const outer = box.getBoundingClientRect();
				if (rect.right > outer.right + 1 || rect.left < outer.left - 1) found.push(`${describe(el)} runs ${Math.round(Math.max(rect.right - outer.right, outer.left - rect.left))} px past ${describe(box)}`);
				break;
			}
		}
		return found;
	});
}

test.describe.configure({ mode: 'serial' });

let facilitator: Page;
let home: string;

const boards = (base: string) => [
	['home', base],
	['people', `${base}/people`],
	['protocol', `${base}/protocol`],
	['kit', `${base}/kit`],
	['pre-read', `${base}/pre-read`],
	['follow-up', `${base}/follow-up`],
	...['screening', 'context', 'risks', 'matrix', 'plan', 'outcome'].map((v) => [`dpia-${v}`, `${base}/boards/dpia?view=${v}`]),
	...['clauses', 'sharing', 'requests', 'versions', 'guard'].map((v) => [`dpisp-${v}`, `${base}/boards/dpisp?view=${v}`]),
	...['text', 'review'].map((v) => [`terms-${v}`, `${base}/boards/terms?view=${v}`]),
	...['chain', 'severity', 'audit', 'drill'].map((v) => [`breach-${v}`, `${base}/boards/breach?view=${v}`]),
	...['dpia', 'dpisp', 'terms', 'breach'].map((b) => [`present-${b}`, `${base}/boards/${b}?present=1`])
];

async function chooseLanguage(language: 'en' | 'fr') {
	await facilitator.goto(home);
	await facilitator.locator('#language-select').selectOption(language);
	await facilitator.locator('form.switcher button').click();
	await expect(facilitator.locator('html')).toHaveAttribute('lang', language);
}

test('set-up for the screenshots: a workshop with two agencies and two risks on its DPIA', async ({ browser }) => {
	fs.mkdirSync(OUT, { recursive: true });
	const workshop = await twoAgencyWorkshop(browser, 'Screens, West region', { admin: ADMIN, facilitator: SCREENS_FACILITATOR, alpha: SCREENS_ALPHA, beta: SCREENS_BETA });
	({ facilitator, home } = workshop);
	// the two participants are not needed here: their browsers are closed, not left following every page
	await workshop.alpha.context().close();
	await workshop.beta.context().close();
	await facilitator.goto(`${home}/boards/dpia`);
	await facilitator.getByRole('button', { name: /Catalogue/ }).click();
	for (const take of await facilitator.getByRole('button', { name: /^Take on “/ }).all().then((all) => all.slice(0, 2))) await take.click();
	await expect(facilitator.getByRole('button', { name: /^Take on “/ }).first()).toBeVisible();
});

for (const language of ['en', 'fr'] as const) {
	for (const viewport of VIEWPORTS) {
		test(`every board in ${language} at ${viewport.width}×${viewport.height}: a screenshot each, nothing sticking out sideways${viewport.width === 1280 ? ', accessible' : ''}`, async () => {
			test.setTimeout(600_000);
			await chooseLanguage(language);
			await facilitator.setViewportSize(viewport);
			const problems: string[] = [];
			for (const [name, url] of boards(home)) {
				await facilitator.goto(url);
				// a board is drawn once its live document is in: the connecting note has gone
				await expect(facilitator.locator('main')).not.toContainText(language === 'en' ? 'Connecting' : 'Connexion');
				await facilitator.screenshot({ path: path.join(OUT, `${language}-${viewport.width}x${viewport.height}-${name}.png`), fullPage: true });
				for (const p of await overflowing(facilitator)) problems.push(`${name}: ${p}`);
				if (viewport.width === 1280) await expectAccessible(facilitator);
			}
			expect(problems).toEqual([]);
		});
	}
}

test('back to English for whoever uses the account next', async () => {
	await chooseLanguage('en');
	await facilitator.context().close();
});
