import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, overflowing, twoAgencyWorkshop } from './helpers';
import { catalogue, englishLeft, englishPhrases } from './catalogue';
import { ADMIN, SCREENS_ALPHA, SCREENS_BETA, SCREENS_FACILITATOR } from './people';

/** Where the screenshots go: kept by CI with the other test results. */
const OUT = path.join('test-results', 'screens');
const VIEWPORTS = [
	{ width: 1280, height: 720 },
	{ width: 1920, height: 1080 }
];

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

async function chooseLanguage(language: string) {
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

/** Every language at the common laptop size; English, French and Arabic (right to left) on a large screen too. */
const SWEEPS = [...['en', 'fr', 'ar'].flatMap((language) => VIEWPORTS.map((viewport) => ({ language, viewport }))), { language: 'es', viewport: VIEWPORTS[0] }];
const phrases = englishPhrases();

for (const { language, viewport } of SWEEPS) {
	const say = catalogue(language);
	test(`every board in ${language} at ${viewport.width}×${viewport.height}: a screenshot each, nothing sticking out sideways${viewport.width === 1280 ? ', accessible' : ''}${language === 'en' ? '' : ', no English left'}`, async () => {
		test.setTimeout(600_000);
		await chooseLanguage(language);
		await facilitator.setViewportSize(viewport);
		const problems: string[] = [];
		for (const [name, url] of boards(home)) {
			await facilitator.goto(url);
			// a board is drawn once its live document is in: the connecting note has gone
			await expect(facilitator.locator('main')).not.toContainText(say('status_connecting').replace('…', ''));
			await facilitator.screenshot({ path: path.join(OUT, `${language}-${viewport.width}x${viewport.height}-${name}.png`), fullPage: true });
			for (const p of await overflowing(facilitator)) problems.push(`${name}: ${p}`);
			if (language !== 'en') for (const p of await englishLeft(facilitator, phrases)) problems.push(`${name}: English left: “${p}”`);
			if (viewport.width === 1280) await expectAccessible(facilitator);
		}
		expect(problems).toEqual([]);
	});
}

test('back to English for whoever uses the account next', async () => {
	await chooseLanguage('en');
	await facilitator.context().close();
});
