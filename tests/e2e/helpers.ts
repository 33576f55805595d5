import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';
import type { TestPerson } from './people';

/** Fails on any serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).analyze();
	const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/**
 * Closes every person's browser once a scene is over. Contexts made with `browser.newContext()`
 * outlive their test, and each kept its live boards syncing beside the scenes that followed: on two
 * cores that doubled the length of the last scenes of a run.
 */
export async function closeEveryBrowser(browser: Browser): Promise<void> {
	await Promise.all(browser.contexts().map((context) => context.close()));
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

export async function createAccountAsAdmin(admin: Page, person: TestPerson): Promise<void> {
	await admin.goto('/admin/accounts');
	const create = admin.getByRole('region', { name: 'Create an account' });
	await create.getByLabel('Full name').fill(person.name);
	await create.getByLabel('E-mail address').fill(person.email);
	await create.getByLabel('Password').fill(person.password);
	await create.getByRole('button', { name: 'Create an account' }).click();
	await expect(admin.getByText(`Account created for ${person.email}.`)).toBeVisible();
}

/** Creates a workshop with the given agencies; returns its home URL. */
export async function createWorkshop(page: Page, title: string, agencies: { name: string; short: string }[]): Promise<string> {
	await page.goto('/workshops/new');
	await page.getByLabel('Title').fill(title);
	await page.getByLabel('Country or context').fill('Testland');
	await page.getByLabel('Date').fill('2026-12-03');
	for (const [i, agency] of agencies.entries()) {
		const group = page.getByRole('group', { name: `Agency ${i + 1}` });
		await group.getByLabel('Agency name').fill(agency.name);
		await group.getByLabel('Short name').fill(agency.short);
	}
	await page.getByRole('button', { name: 'Create workshop' }).click();
	await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
	return page.url();
}

/** On the people page: creates an invitation link and returns it. */
export async function createInvitation(page: Page, agency: string, role: 'Participant' | 'Observer', previous = ''): Promise<string> {
	await page.getByLabel('Agency', { exact: true }).selectOption({ label: agency });
	await page.getByLabel('Role', { exact: true }).selectOption({ label: role });
	await page.getByRole('button', { name: 'Create invitation link' }).click();
	const link = page.getByLabel('Invitation link');
	await expect(link).toHaveValue(/\/invite\//);
	await expect(link).not.toHaveValue(previous);
	return link.inputValue();
}

/** Opens an invitation link as a new person and creates their account. */
export async function joinByLink(page: Page, link: string, person: TestPerson): Promise<void> {
	await page.goto(link);
	await expect(page.getByRole('heading', { name: /Join/ })).toBeVisible();
	await expectAccessible(page);
	const register = page.getByRole('region', { name: 'I am new to Accord' });
	await register.getByLabel('Full name').fill(person.name);
	await register.getByLabel('E-mail address').fill(person.email);
	await register.getByLabel('Password').fill(person.password);
	await register.getByRole('button', { name: 'Create my account and join' }).click();
	await expect(page.getByRole('heading', { name: 'Agenda' })).toBeVisible();
}

export interface TwoAgencyWorkshop {
	facilitator: Page;
	alpha: Page;
	beta: Page;
	home: string;
}

/**
 * The common start of a day: the admin creates the facilitator's account, the facilitator creates
 * a workshop for Alpha Aid and Beta Care, and one participant of each joins by link, each in
 * their own browser context. `prepare` runs on a participant's page before they join.
 */
export async function twoAgencyWorkshop(
	browser: Browser,
	title: string,
	people: { admin: TestPerson; facilitator: TestPerson; alpha: TestPerson; beta: TestPerson },
	prepare: (page: Page, who: 'alpha' | 'beta') => Promise<void> = async () => {}
): Promise<TwoAgencyWorkshop> {
	const admin = await personPage(browser);
	await signIn(admin, people.admin);
	await createAccountAsAdmin(admin, people.facilitator);
	await admin.close();
	const facilitator = await personPage(browser);
	await signIn(facilitator, people.facilitator);
	const home = await createWorkshop(facilitator, title, [
		{ name: 'Alpha Aid', short: 'ALP' },
		{ name: 'Beta Care', short: 'BET' }
	]);
	await facilitator.getByRole('link', { name: 'People and invitations' }).click();
	const alphaLink = await createInvitation(facilitator, 'Alpha Aid (ALP)', 'Participant');
	const betaLink = await createInvitation(facilitator, 'Beta Care (BET)', 'Participant', alphaLink);
	const alpha = await personPage(browser);
	await prepare(alpha, 'alpha');
	await joinByLink(alpha, alphaLink, people.alpha);
	const beta = await personPage(browser);
	await prepare(beta, 'beta');
	await joinByLink(beta, betaLink, people.beta);
	return { facilitator, alpha, beta, home };
}

/**
 * Everything that sticks out sideways: past the window, or past the nearest box drawn around it (a
 * card, a table cell, a figure), unless it sits in something meant to scroll sideways. Hidden and
 * visually-hidden elements do not count.
 */
export async function overflowing(page: Page): Promise<string[]> {
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
