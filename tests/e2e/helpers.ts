import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';
import type { TestPerson } from './people';

/** Fails on any serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).analyze();
	const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** One browser context per person, as in real life. */
export async function personPage(browser: Browser, locale = 'en-GB'): Promise<Page> {
	const context = await browser.newContext({ locale });
	return context.newPage();
}

export async function signIn(page: Page, person: TestPerson): Promise<void> {
	await page.goto('/sign-in');
	await page.getByLabel('E-mail address').fill(person.email);
	await page.getByLabel('Password').fill(person.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('link', { name: 'My account' })).toBeVisible();
}
