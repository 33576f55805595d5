import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { closeEveryBrowser, createAccountAsAdmin, createWorkshop, expectAccessible, joinByLink, personPage, signIn } from './helpers';
import { ADMIN, FOLLOW_ALPHA, FOLLOW_BETA, FOLLOW_FACILITATOR } from './people';
import { agreeOneClause, nameBreachChain, publishAndAcceptTerms, shareNothing, sign, signatoryLink } from './protocol-steps';

test.afterEach(async ({ browser }) => closeEveryBrowser(browser));

const RISK = 'Accounts are shared or passwords written down';
const TRAIN = 'Train every caseworker on the protocol';
const ENCRYPT = 'Encrypt the field laptops';
const RADIO = 'Radio messages name children';

async function verify(visitor: Page, name: string, body: Buffer): Promise<void> {
	await visitor.goto('/verify');
	await visitor.getByLabel('File to check (PDF or JSON)').setInputFiles({ name, mimeType: 'application/pdf', buffer: body });
	await visitor.getByRole('button', { name: 'Verify' }).click();
	await expect(visitor.getByText('Valid: this file is exactly what this Accord sealed.')).toBeVisible();
}

test('after signing, an owner records progress with evidence, another agency cannot, and the sealed follow-up report verifies beside the signed protocol', async ({ browser }) => {
	// the longest scene (a week before, the day, the follow-up and the review a year on): 1.5 min on a quiet machine
	test.setTimeout(300_000);
	const admin = await personPage(browser);
	await signIn(admin, ADMIN);
	await createAccountAsAdmin(admin, FOLLOW_FACILITATOR);
	await admin.close();
	const facilitator = await personPage(browser);
	await signIn(facilitator, FOLLOW_FACILITATOR);
	const home = await createWorkshop(facilitator, 'Follow-up after signing', [
		{ name: 'Alpha Aid', short: 'ALP' },
		{ name: 'Beta Care', short: 'BET' }
	]);
	await facilitator.getByRole('link', { name: 'People and invitations' }).click();
	const alphaLink = await signatoryLink(facilitator, 'Alpha Aid (ALP)');
	const betaLink = await signatoryLink(facilitator, 'Beta Care (BET)', alphaLink);
	const alpha = await personPage(browser);
	await joinByLink(alpha, alphaLink, FOLLOW_ALPHA);
	const beta = await personPage(browser);
	await joinByLink(beta, betaLink, FOLLOW_BETA);
	const parties = [
		[alpha, 'ALP'],
		[beta, 'BET']
	] as const;

	// A week before: the facilitator tailors the workshop's kit and produces the pre-read pack.
	await facilitator.goto(home);
	await facilitator.getByRole('link', { name: 'Tailor the kit and prepare the pre-read pack' }).click();
	await expect(facilitator.getByRole('heading', { name: 'The workshop’s kit', level: 1 })).toBeVisible();
	await expectAccessible(facilitator);
	const takeOut = facilitator.getByRole('button', { name: /^Take out “/ });
	const removed: string[] = [];
	for (const button of await takeOut.all()) {
		const title = (await button.textContent())!.replace(/^Take out “(.*)”$/, '$1');
		if (title !== RISK && removed.length < 3) removed.push(title);
	}
	for (const title of removed) {
		await facilitator.getByRole('button', { name: `Take out “${title}”` }).click();
		await expect(facilitator.getByRole('button', { name: `Put back “${title}”` })).toBeVisible();
	}
	const custom = facilitator.getByRole('region', { name: 'Risks of your own' });
	await custom.getByLabel('Title of the risk').fill(RADIO);
	await custom.getByLabel('What could happen, and to whom').fill('Field radios are overheard at checkpoints');
	await custom.getByRole('button', { name: 'Add this risk to the catalogue' }).click();
	await expect(custom.getByRole('button', { name: `Remove “${RADIO}”` })).toBeVisible();
	const age = facilitator.getByRole('region', { name: 'The country’s parameters' });
	await age.getByLabel('Age from which a child consents').fill('15');
	await age.getByRole('button', { name: 'Save Age from which a child consents' }).click();
	await expect(facilitator.getByText(/^Saved; \d+ clauses now use the new value\.$/)).toBeVisible();
	const changes = facilitator.getByRole('region', { name: 'Changes to the standard kit' });
	await expect(changes.getByRole('listitem')).toHaveCount(4);
	await expect(changes.getByText(`Risk added: ${RADIO}`)).toBeVisible();
	await expectAccessible(facilitator);
	const [pack] = await Promise.all([facilitator.waitForEvent('download'), facilitator.getByRole('link', { name: 'Pre-read pack (PDF)' }).click()]);
	const packText = execFileSync('pdftotext', ['-layout', await pack.path(), '-']).toString();
	expect(packText).toContain(RADIO);
	expect(packText).toMatch(/Age from which a child consents: 15/);
	expect(packText).toMatch(/Children aged 15 and over give their own\s+informed consent/);
	for (const title of removed) expect(packText).not.toContain(title);
	const [docx] = await Promise.all([facilitator.waitForEvent('download'), facilitator.getByRole('link', { name: 'Pre-read pack (DOCX)' }).click()]);
	expect(docx.suggestedFilename()).toMatch(/^pre-read-.*\.docx$/);
	// participants read it in the browser
	await alpha.goto(home);
	await alpha.getByRole('link', { name: 'Pre-read pack', exact: true }).click();
	await expect(alpha.getByRole('heading', { name: 'Why we meet' })).toBeVisible();
	await expectAccessible(alpha);

	// Step 6, briefly: one risk, rated before and after two measures, one overdue already.
	const dpia = `${home}/boards/dpia`;
	await facilitator.goto(`${dpia}?view=screening`);
	for (const box of (await facilitator.getByRole('checkbox').all()).slice(0, 2)) await box.check();
	await facilitator.getByRole('button', { name: 'Record this conclusion' }).click();
	await facilitator.goto(dpia);
	await facilitator.getByRole('button', { name: /Catalogue/ }).click();
	// the catalogue is the workshop's: without the risks taken out, with the one added
	await expect(facilitator.getByRole('button', { name: `Take on “${RADIO}”` })).toBeVisible();
	await expect(facilitator.getByRole('button', { name: `Take on “${removed[0]}”` })).toHaveCount(0);
	await facilitator.getByRole('button', { name: `Take on “${RISK}”` }).click();
	await facilitator.getByRole('button', { name: RISK, exact: true }).click();
	await facilitator.getByLabel(`Severity of “${RISK}”`).selectOption({ label: '2 · Limited' });
	await facilitator.getByLabel(`Likelihood of “${RISK}”`).selectOption({ label: '2 · Limited' });
	for (const [n, text, agency, due] of [
		[1, TRAIN, 'ALP', '2026-11-30'],
		[2, ENCRYPT, 'BET', '2027-06-30']
	] as const) {
		await facilitator.getByRole('button', { name: 'Add a measure' }).click();
		await facilitator.getByLabel(`Measure of measure ${n}`).fill(text);
		await facilitator.getByLabel(`Owning agency of measure ${n}`).selectOption({ label: agency });
		await facilitator.getByLabel(`Due date of measure ${n}`).fill(due);
	}
	await facilitator.getByLabel(`Severity of “${RISK} (After measures)”`).selectOption({ label: '1 · Negligible' });
	await facilitator.getByLabel(`Likelihood of “${RISK} (After measures)”`).selectOption({ label: '1 · Negligible' });
	await facilitator.goto(`${dpia}?view=context`);
	await facilitator.getByLabel(/^Necessity and proportionality/).fill('Case management cannot work without the child’s identity');
	await facilitator.getByLabel(/^Views of children and caregivers/).fill('Caregivers were consulted in two districts');
	for (const [page, agency] of [
		[alpha, 'Alpha Aid'],
		[beta, 'Beta Care']
	] as const) {
		await page.goto(`${dpia}?view=outcome`);
		await page.getByLabel(`Advice of the data-protection officer of ${agency}`).fill('Proceed');
	}
	await facilitator.goto(`${dpia}?view=outcome`);
	await facilitator.getByLabel('Review the DPIA by (Art. 35(11))').fill('2027-12-01');
	await expect(facilitator.getByText('Nothing is missing: the DPIA can be marked ready.')).toBeVisible();
	await facilitator.getByRole('button', { name: 'Mark ready for sign-off' }).click();
	await expect(facilitator.getByText('State: Ready for sign-off')).toBeVisible();

	// Steps 7 to 9, then the freeze and the signatures.
	await agreeOneClause(facilitator, parties, home);
	await publishAndAcceptTerms(facilitator, parties, home, /Terms of Use/);
	await shareNothing(alpha, home);
	await nameBreachChain(facilitator, parties, home);
	await facilitator.goto(`${home}/protocol`);
	await facilitator.getByRole('button', { name: 'Freeze version 1' }).click();
	await expect(facilitator.getByText(/Version 1 is frozen/)).toBeVisible();
	const protocolUrl = facilitator.url();
	// the follow-up waits for every signature
	await alpha.goto(`${home}/follow-up`);
	await expect(alpha.getByText('The follow-up opens once everyone expected has signed the protocol.')).toBeVisible();
	await beta.goto(protocolUrl);
	await sign(beta, 'Signatory', FOLLOW_BETA, FOLLOW_BETA.password);
	await alpha.goto(protocolUrl);
	await sign(alpha, 'Signatory', FOLLOW_ALPHA, FOLLOW_ALPHA.password);
	await alpha.reload();
	await sign(alpha, 'Lead agency countersignature', FOLLOW_ALPHA, FOLLOW_ALPHA.password);
	await expect(facilitator.getByRole('heading', { name: 'Signing progress: Signed by everyone' })).toBeVisible();
	const [signed] = await Promise.all([facilitator.waitForEvent('download'), facilitator.getByRole('link', { name: 'PDF, sealed' }).click()]);
	const signedPdf = fs.readFileSync(await signed.path());
	// the frozen protocol carries the four changes to the standard kit as an annex
	const protocolText = execFileSync('pdftotext', [await signed.path(), '-']).toString();
	const annex = protocolText.slice(protocolText.lastIndexOf('Changes to the standard kit')).replace(/\s+/g, ' ');
	for (const title of removed) expect(annex).toContain(`Catalogue risk removed: ${title}`);
	expect(annex).toContain(`Risk added: ${RADIO}`);
	expect(annex.match(/Catalogue risk removed: |Risk added: /g)).toHaveLength(4);
	// the consent age was set to its standard value: no change to list
	expect(annex).not.toContain('Age from which a child consents');

	// Alpha's home reminds them of their overdue measure, and only of theirs.
	await alpha.goto(home);
	const reminders = alpha.getByRole('region', { name: 'Action plan follow-up' });
	await expect(reminders.getByText('1 overdue, 0 due within two weeks')).toBeVisible();
	await expect(reminders.getByRole('link', { name: TRAIN })).toBeVisible();
	await expect(reminders.getByRole('link', { name: ENCRYPT })).toHaveCount(0);
	await expectAccessible(alpha);
	await reminders.getByRole('link', { name: 'Action plan follow-up' }).click();
	await expect(alpha.getByRole('heading', { name: 'Action plan follow-up', level: 1 })).toBeVisible();
	await expectAccessible(alpha);

	// Beta can update its own measure and not Alpha's: no form for it, and a crafted request is refused.
	await beta.goto(`${home}/follow-up`);
	const alphaMeasure = (page: Page) => page.getByRole('article', { name: TRAIN });
	await expect(alphaMeasure(beta)).toBeVisible();
	await expect(alphaMeasure(beta).getByText(`Update “${TRAIN}”`)).toHaveCount(0);
	await expect(beta.getByRole('article', { name: ENCRYPT }).getByText(`Update “${ENCRYPT}”`)).toBeVisible();
	const measureId = await alphaMeasure(alpha).locator('h3').getAttribute('id');
	const forged = await beta.evaluate(async (id) => {
		const body = new FormData();
		body.set('measure', id!.replace(/^measure-/, ''));
		body.set('status', 'done');
		const response = await fetch('?/status', { method: 'POST', body, headers: { 'x-sveltekit-action': 'true' } });
		return { status: response.status, text: await response.text() };
	}, measureId);
	expect(forged.text).toContain('forbidden');
	await beta.reload();
	await expect(alphaMeasure(beta).locator('header').getByText('Planned', { exact: true })).toBeVisible();

	// Alpha marks it done with a note and a file.
	const mine = alphaMeasure(alpha);
	await mine.getByText(`Update “${TRAIN}”`).click();
	await mine.getByLabel('Note').fill('42 caseworkers trained in two sessions');
	await mine.getByLabel(/^File \(up to \d+ MB\)/).setInputFiles({ name: 'attendance.csv', mimeType: 'text/csv', buffer: Buffer.from('name,date\nA,2027-01-10\n') });
	await mine.getByRole('button', { name: 'Add evidence' }).click();
	await expect(mine.getByText('42 caseworkers trained in two sessions')).toBeVisible();
	await expect(mine.getByRole('link', { name: 'attendance.csv' })).toBeVisible();
	await mine.getByLabel('Status').selectOption({ label: 'Done' });
	await mine.getByRole('button', { name: 'Save status' }).click();
	await expect(mine.locator('header').getByText('Done', { exact: true })).toBeVisible();
	await expect(mine.getByText(/^Last change/)).toBeVisible();
	await expect(alpha.getByText('Nothing of yours is overdue or due in the next two weeks.')).toBeVisible();
	// a link that would run script is refused, and the note typed with it is not lost
	await mine.getByLabel('Note').fill('Slides');
	await mine.getByLabel('Link (https://…)').fill('javascript:alert(1)');
	await mine.getByRole('button', { name: 'Add evidence' }).click();
	await expect(mine.getByRole('alert')).toHaveText('Only web links (http or https) can be kept.');
	await expect(mine.getByText('Slides', { exact: true })).toHaveCount(0);
	await expect(mine.getByLabel('Note')).toHaveValue('Slides');
	await expectAccessible(alpha);
	await alpha.screenshot({ path: 'test-results/screens/follow-up-owner.png', fullPage: true });

	// The facilitator moves Beta's due date; the evidence file downloads as it was uploaded.
	await facilitator.goto(`${home}/follow-up`);
	const encrypt = facilitator.getByRole('article', { name: ENCRYPT });
	await encrypt.getByLabel('Due date').fill('2027-09-30');
	await encrypt.getByRole('button', { name: 'Save owner and date' }).click();
	await expect(encrypt.getByText('Saved.')).toBeVisible();
	const [file] = await Promise.all([facilitator.waitForEvent('download'), facilitator.getByRole('link', { name: 'attendance.csv' }).click()]);
	expect(fs.readFileSync(await file.path(), 'utf8')).toBe('name,date\nA,2027-01-10\n');
	await expectAccessible(facilitator);

	// The sealed report of today verifies, and shows the measure done; the signed protocol still verifies as in force.
	const report = facilitator.getByRole('region', { name: 'Sealed report' });
	const [sealedReport] = await Promise.all([facilitator.waitForEvent('download'), report.getByRole('button', { name: 'Sealed PDF' }).click()]);
	expect(sealedReport.suggestedFilename()).toMatch(/^follow-up-v1-\d{4}-\d{2}-\d{2}\.pdf$/);
	const visitor = await personPage(browser);
	await verify(visitor, 'follow-up.pdf', fs.readFileSync(await sealedReport.path()));
	await expect(visitor.getByRole('heading', { name: /^Follow-up report of the action plan, as of \d{4}-\d{2}-\d{2}$/ })).toBeVisible();
	await expect(visitor.getByRole('row', { name: new RegExp(`${TRAIN} Alpha Aid 2026-11-30 Done 2 pieces of evidence`) })).toBeVisible();
	await expect(visitor.getByText('This Accord froze this version and has not reopened it.')).toBeVisible();
	await expectAccessible(visitor);
	await visitor.screenshot({ path: 'test-results/screens/follow-up-verified.png', fullPage: true });
	await verify(visitor, 'protocol.pdf', signedPdf);
	await expect(visitor.getByText('This Accord froze this version and has not reopened it.')).toBeVisible();

	// A year on: the review starts from the signed workshop, with the follow-up carried into the DPIA.
	await facilitator.goto(home);
	const review = facilitator.getByRole('region', { name: 'Review of the DPIA' });
	await expect(review.getByText(/^The DPIA is to be reviewed by .*2027/)).toBeVisible();
	await expectAccessible(facilitator);
	await review.getByRole('button', { name: 'Start the review' }).click();
	await expect(facilitator.getByRole('heading', { name: /^Review \d{4}-\d{2}-\d{2}: Follow-up after signing$/, level: 1 })).toBeVisible();
	expect(facilitator.url()).not.toBe(home);
	await facilitator.goto(`${facilitator.url()}/boards/dpia`);
	await facilitator.getByRole('button', { name: RISK, exact: true }).click();
	await expect(facilitator.getByLabel('Measure of measure 1')).toHaveValue(TRAIN);
	await expect(facilitator.getByLabel('Kind of measure 1')).toHaveValue('existing');
	await expect(facilitator.getByLabel('Measure of measure 2')).toHaveValue(ENCRYPT);
	await expect(facilitator.getByLabel('Kind of measure 2')).toHaveValue('planned');
});

