import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { asPopplerReadsArabic, pdfText } from '../fixtures/pdf-inspect';
import { catalogue, englishLeft, englishPhrases } from './catalogue';
import { closeEveryBrowser, createAccountAsAdmin, expectAccessible, overflowing, personPage, signIn } from './helpers';
import { ADMIN, ARABIC_ALPHA, ARABIC_BETA, ARABIC_FACILITATOR, type TestPerson } from './people';

test.afterEach(async ({ browser }) => closeEveryBrowser(browser));

/**
 * A signing day played in Arabic: every person's browser asks for Arabic, so every page they see is
 * right to left. They sign in, open each board and change something on it, freeze, and sign. On
 * each board: a screenshot kept with the test results, nothing running past its box, axe clean, and
 * no English phrase of the interface left. The protocol is drafted in Arabic too (the new-workshop
 * form proposes the interface's language), from the kit's Arabic text, and its sealed PDF is typeset
 * right to left.
 */
const say = catalogue('ar');
const OUT = path.join('test-results', 'screens');
const phrases = englishPhrases();
const WORKSHOP = 'يوم التوقيع، المنطقة الشمالية';

async function arabicPage(browser: Parameters<typeof personPage>[0]): Promise<Page> {
	return personPage(browser, 'ar');
}

/** Screenshot, layout, accessibility and language of the page as it is now. */
async function look(page: Page, name: string): Promise<void> {
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
	await expect(page.locator('main')).not.toContainText(say('status_connecting').replace('…', ''));
	await page.screenshot({ path: path.join(OUT, `ar-scene-${name}.png`), fullPage: true });
	expect(await overflowing(page), name).toEqual([]);
	expect(await englishLeft(page, phrases), name).toEqual([]);
	await expectAccessible(page);
}

async function signInArabic(page: Page, person: TestPerson): Promise<void> {
	await page.goto('/sign-in');
	await page.getByLabel(say('email')).fill(person.email);
	await page.getByLabel(say('password'), { exact: true }).fill(person.password);
	await page.getByRole('button', { name: say('sign_in_submit') }).click();
	await expect(page.getByRole('link', { name: say('nav_account') })).toBeVisible();
}

async function signatoryLink(page: Page, agency: string, previous = ''): Promise<string> {
	await page.getByLabel(say('invite_agency'), { exact: true }).selectOption({ label: agency });
	await page.getByLabel(say('invite_role'), { exact: true }).selectOption({ label: say('role_participant') });
	await page.getByLabel(say('invite_signatory')).check();
	await page.getByRole('button', { name: say('invite_create') }).click();
	const link = page.getByLabel(say('invite_link_label'));
	await expect(link).not.toHaveValue(previous);
	await expect(link).toHaveValue(/\/invite\//);
	return link.inputValue();
}

async function join(page: Page, link: string, person: TestPerson): Promise<void> {
	await page.goto(link);
	await expect(page.getByRole('heading', { name: say('join_title', { workshop: WORKSHOP }) })).toBeVisible();
	await look(page, `join-${person.email.split('@')[0]}`);
	const register = page.getByRole('region', { name: say('join_new_account') });
	await register.getByLabel(say('name')).fill(person.name);
	await register.getByLabel(say('email')).fill(person.email);
	await register.getByLabel(say('password'), { exact: true }).fill(person.password);
	await register.getByRole('button', { name: say('join_create_and_join') }).click();
	await expect(page.getByRole('heading', { name: say('home_agenda') })).toBeVisible();
}

async function sign(page: Page, kind: string, person: TestPerson): Promise<void> {
	const form = page.getByRole('region', { name: say('protocol_sign_title', { kind }) });
	await expect(form.getByText(say('protocol_signing_as', { name: person.name, email: person.email }))).toBeVisible();
	const signing = form.locator('form[action="?/sign"]');
	await signing.getByLabel(say('protocol_job_title')).fill('المديرة القُطرية');
	for (const box of await signing.getByRole('checkbox').all()) await box.check();
	await signing.getByLabel(say('protocol_password')).fill(person.password);
	await signing.getByRole('button', { name: say('protocol_sign'), exact: true }).click();
	await expect(page.getByText(say('protocol_signed_ok'))).toBeVisible();
}

test('a signing day in Arabic: sign in, change every board, freeze and sign, right to left throughout', async ({ browser }) => {
	fs.mkdirSync(OUT, { recursive: true });
	const admin = await personPage(browser);
	await signIn(admin, ADMIN);
	await createAccountAsAdmin(admin, ARABIC_FACILITATOR);
	await admin.close();

	// The facilitator signs in and sets up a government-only rollout for two agencies.
	const facilitator = await arabicPage(browser);
	facilitator.on('dialog', (d) => d.accept());
	await facilitator.goto('/sign-in');
	await look(facilitator, 'sign-in');
	await signInArabic(facilitator, ARABIC_FACILITATOR);
	await facilitator.goto('/workshops/new');
	await facilitator.getByLabel(say('workshop_title_label'), { exact: true }).fill(WORKSHOP);
	await facilitator.getByLabel(say('workshop_context_label')).fill('وزارة الشؤون الاجتماعية');
	await facilitator.getByLabel(say('workshop_date_label'), { exact: true }).fill('2026-12-05');
	await facilitator.getByLabel(say('rollout_government_only')).check();
	for (const [i, [name, short]] of [
		['وزارة ألفا', 'ALP'],
		['مكتب بيتا', 'BET']
	].entries()) {
		const group = facilitator.getByRole('group', { name: say('agency_number', { number: i + 1 }) });
		await group.getByLabel(say('agency_name')).fill(name);
		await group.getByLabel(say('agency_short_name')).fill(short);
	}
	await expect(facilitator.getByLabel(say('workshop_language_label'))).toHaveValue('ar');
	await look(facilitator, 'new-workshop');
	await facilitator.getByRole('button', { name: say('workshop_create') }).click();
	await expect(facilitator.getByRole('heading', { name: WORKSHOP, level: 1 })).toBeVisible();
	const home = facilitator.url();

	// Invitations, and the two signatories join in Arabic.
	await facilitator.getByRole('link', { name: say('home_people') }).click();
	const alphaLink = await signatoryLink(facilitator, 'وزارة ألفا (ALP)');
	const betaLink = await signatoryLink(facilitator, 'مكتب بيتا (BET)', alphaLink);
	await look(facilitator, 'people');
	const alpha = await arabicPage(browser);
	await join(alpha, alphaLink, ARABIC_ALPHA);
	const beta = await arabicPage(browser);
	await join(beta, betaLink, ARABIC_BETA);

	// The agenda: the facilitator renames the first item; Alpha sees it.
	await facilitator.goto(home);
	await facilitator.getByLabel(say('agenda_item_title', { number: 1 })).fill('الترحيب وأهداف اليوم');
	await alpha.goto(home);
	await expect(alpha.getByLabel(say('agenda_item_title', { number: 1 }))).toHaveValue('الترحيب وأهداف اليوم');
	await look(facilitator, 'home');

	// Step 6 is not required here; the context is still drafted for the record.
	await facilitator.goto(`${home}/boards/dpia?view=context`);
	await facilitator.getByLabel(say('context_purposes')).fill('إدارة حالات حماية الطفل وإحالتها بين الوكالات');
	await look(facilitator, 'dpia-context');

	// Step 7: a one-clause protocol, agreed by both agencies; the sharing matrix decided.
	await facilitator.goto(`${home}/boards/dpisp`);
	const summary = facilitator.getByText(say('dpisp_summary').split('{')[0].trim());
	await expect(summary).toBeVisible();
	const oneClause = (text: string | null) => text?.includes(say('dpisp_summary', { agreed: 0, total: 1 })) || text?.includes(say('dpisp_summary', { agreed: 1, total: 1 }));
	while (!oneClause(await summary.textContent())) await facilitator.getByRole('button', { name: say('clause_remove', { number: 2 }), exact: true }).click();
	for (const [page, agency] of [
		[alpha, 'ALP'],
		[beta, 'BET']
	] as const) {
		await page.goto(`${home}/boards/dpisp`);
		await page.getByLabel(say('position_of', { agency, number: 1 })).selectOption('agree');
	}
	await expect(facilitator.getByText(say('dpisp_summary', { agreed: 1, total: 1 }))).toBeVisible();
	await look(facilitator, 'dpisp-clauses');
	await alpha.goto(`${home}/boards/dpisp?view=sharing`);
	const cells = alpha.getByRole('combobox', { name: / إلى / });
	await expect(cells.first()).toBeVisible();
	for (const cell of await cells.all()) await cell.selectOption('no');
	await expect(alpha.getByText(say('sharing_undecided_count', { count: 0 }))).toBeVisible();
	await look(alpha, 'dpisp-sharing');

	// Step 8: the agreement in lieu of the Terms, published and accepted item by item.
	await facilitator.goto(`${home}/boards/terms`);
	await expect(facilitator.getByRole('heading', { name: say('terms_title_government') })).toBeVisible();
	await facilitator.getByRole('button', { name: say('terms_publish') }).click();
	await expect(facilitator.getByText(say('terms_published', { version: 1 }))).toBeVisible();
	await look(facilitator, 'terms-text');
	for (const page of [alpha, beta]) {
		await page.goto(`${home}/boards/terms?view=review`);
		const selects = page.getByRole('combobox', { name: new RegExp(`^${say('terms_item_review').split('«')[0]}«`) });
		await expect(selects.first()).toBeVisible();
		for (const select of await selects.all()) await select.selectOption('accepted');
	}
	await look(beta, 'terms-review');

	// Step 9: each agency names its own people in the escalation chain; then who may read the audit log.
	for (const [page, agency] of [
		[alpha, 'ALP'],
		[beta, 'BET']
	] as const) {
		await page.goto(`${home}/boards/breach`);
		const fields = page.getByRole('textbox', { name: new RegExp(` في ${agency}$`) });
		await expect(fields.first()).toBeVisible();
		for (const [n, field] of (await fields.all()).entries()) await field.fill(`مسؤول ${agency} ${n + 1}`);
	}
	await facilitator.goto(`${home}/boards/breach`);
	await expect(facilitator.getByText(say('chain_no_warnings'))).toBeVisible();
	await look(facilitator, 'breach-chain');
	await facilitator.getByRole('link', { name: say('breach_view_audit') }).click();
	// the kit's words, in the workshop's language
	await facilitator.getByRole('checkbox', { name: 'مسؤولو حماية البيانات' }).check();
	await facilitator.getByRole('checkbox', { name: 'التحقيق في خرق مشتبه به' }).check();
	await look(facilitator, 'breach-audit');

	// Freeze, then both sign, and Alpha countersigns for the lead agency.
	await facilitator.goto(`${home}/protocol`);
	await expect(facilitator.getByText(say('protocol_no_gaps'))).toBeVisible();
	await look(facilitator, 'protocol-before-freeze');
	// Alpha objects just as the facilitator freezes: the freeze is refused, and the page says so
	await alpha.goto(`${home}/boards/dpisp`);
	await alpha.getByLabel(say('position_of', { agency: 'ALP', number: 1 })).selectOption('object');
	await expect(alpha.getByText(say('dpisp_summary', { agreed: 0, total: 1 }))).toBeVisible();
	// the page has seen the objection and turned its button off; a click that lands just before it did is sent anyway
	await expect(facilitator.getByRole('button', { name: say('protocol_freeze', { version: 1 }) })).toBeDisabled();
	await facilitator.locator('form[action="?/freeze"]').evaluate((form) => (form as HTMLFormElement).requestSubmit());
	await expect(facilitator.getByRole('alert')).toHaveText(say('protocol_freeze_refused'));
	await alpha.getByLabel(say('position_of', { agency: 'ALP', number: 1 })).selectOption('agree');
	await expect(alpha.getByText(say('dpisp_summary', { agreed: 1, total: 1 }))).toBeVisible();
	await facilitator.reload();
	await facilitator.getByRole('button', { name: say('protocol_freeze', { version: 1 }) }).click();
	await expect(facilitator.getByText(say('protocol_frozen', { version: 1, digest: '' }).trim())).toBeVisible();
	const protocolUrl = facilitator.url();
	await beta.goto(protocolUrl);
	await expect(beta.getByRole('heading', { name: say('protocol_read') })).toBeVisible();
	await look(beta, 'protocol-sign');
	await sign(beta, say('kind_signatory'), ARABIC_BETA);
	await alpha.goto(protocolUrl);
	await sign(alpha, say('kind_signatory'), ARABIC_ALPHA);
	await alpha.reload();
	await sign(alpha, say('kind_countersignatory'), ARABIC_ALPHA);
	await expect(facilitator.getByRole('heading', { name: `${say('protocol_progress')}: ${say('protocol_stage_complete')}` })).toBeVisible();
	await look(facilitator, 'protocol-signed');

	// The sealed PDF verifies on the verify page, read in Arabic too.
	const [download] = await Promise.all([facilitator.waitForEvent('download'), facilitator.getByRole('link', { name: say('export_pdf') }).click()]);
	// an Arabic document: the kit's Arabic clause title, read back in logical order
	expect(pdfText(await download.path()).replace(/\s+/g, ' ')).toContain(asPopplerReadsArabic('الأطراف والتنسيق'));
	const visitor = await arabicPage(browser);
	await visitor.goto('/verify');
	await visitor.getByLabel(say('verify_file')).setInputFiles({ name: 'protocol.pdf', mimeType: 'application/pdf', buffer: fs.readFileSync(await download.path()) });
	await visitor.getByRole('button', { name: say('verify_submit') }).click();
	await expect(visitor.getByText(say('verify_valid_title'))).toBeVisible();
	await look(visitor, 'verify');
});
