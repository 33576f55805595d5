import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { closeEveryBrowser, expectAccessible, personPage, signIn, twoAgencyWorkshop } from './helpers';
import { ADMIN, DPIA_ALPHA, DPIA_BETA, DPIA_FACILITATOR } from './people';

test.afterEach(async ({ browser }) => closeEveryBrowser(browser));

const RISK = 'Accounts are shared or passwords written down';

test('two agencies rate a risk silently, the facilitator reveals and agrees, adds a measure and downloads the action plan', async ({ browser }) => {
	const { facilitator, alpha, beta, home } = await twoAgencyWorkshop(browser, 'DPIA day, East region', { admin: ADMIN, facilitator: DPIA_FACILITATOR, alpha: DPIA_ALPHA, beta: DPIA_BETA });

	// The facilitator opens Step 6 and takes a risk on from the catalogue.
	await facilitator.goto(home);
	await facilitator.getByRole('link', { name: 'Data protection impact assessment' }).click();
	await expect(facilitator.getByRole('heading', { name: /Step 6/ })).toBeVisible();
	await facilitator.getByRole('button', { name: /Catalogue/ }).click();
	await expectAccessible(facilitator);
	await facilitator.getByRole('button', { name: `Take on “${RISK}”` }).click();
	await expect(facilitator.getByRole('button', { name: RISK, exact: true })).toHaveAttribute('aria-expanded', 'false');

	// Silent round on that risk.
	const dpiaUrl = facilitator.url();
	await Promise.all([alpha.goto(dpiaUrl), beta.goto(dpiaUrl)]);
	await facilitator.getByRole('checkbox', { name: `Select “${RISK}” for the next round` }).check();
	await facilitator.getByRole('button', { name: 'Open a silent round on 1 risks' }).click();
	await expect(facilitator.getByText('0 of 2 participants have rated')).toBeVisible();

	// The projector: a browser of its own, signed in as the facilitator, opens "Present". Every
	// frame it receives is kept, to check that no rating reaches it before the reveal.
	const projector = await personPage(browser);
	await signIn(projector, DPIA_FACILITATOR);
	const received: string[] = [];
	projector.on('websocket', (ws) => ws.on('framereceived', (frame) => received.push(Buffer.from(frame.payload).toString('utf8'))));
	await projector.goto((await facilitator.getByRole('link', { name: 'Present' }).getAttribute('href'))!);
	await expect(projector.getByRole('heading', { name: 'Silent scoring: 0 of 2 have rated' })).toBeVisible();
	await expect(projector.getByRole('banner')).toHaveCount(0);
	await expectAccessible(projector);

	const round = (page: typeof alpha) => page.getByRole('region', { name: 'Silent scoring' });
	await round(alpha).getByLabel(`Severity of “${RISK}”`).selectOption({ label: '4 · Maximum' });
	await round(alpha).getByLabel(`Likelihood of “${RISK}”`).selectOption({ label: '3 · Significant' });
	await round(alpha).getByLabel(`Why, for “${RISK}”`).fill('Shared phones at the field office');
	await round(alpha).getByRole('button', { name: 'Submit my ratings' }).click();
	await expect(round(alpha).getByText('Your ratings are in.')).toBeVisible();
	await expectAccessible(alpha);

	await round(beta).getByLabel(`Severity of “${RISK}”`).selectOption({ label: '2 · Limited' });
	await round(beta).getByLabel(`Likelihood of “${RISK}”`).selectOption({ label: '3 · Significant' });
	await round(beta).getByRole('button', { name: 'Submit my ratings' }).click();
	await expect(round(beta).getByText('Your ratings are in.')).toBeVisible();

	// Nobody sees a rating before the reveal: not Beta, not the facilitator, not the projector,
	// which shows who has rated and nothing of what they rated, on the screen or on the wire.
	await expect(facilitator.getByText('2 of 2 participants have rated')).toBeVisible();
	await expect(beta.getByText('Shared phones at the field office')).toHaveCount(0);
	await expect(facilitator.getByText('Shared phones at the field office')).toHaveCount(0);
	await expect(projector.getByRole('heading', { name: 'Silent scoring: 2 of 2 have rated' })).toBeVisible();
	await expect(projector.getByText(`${DPIA_ALPHA.name} (ALP) — has rated`)).toBeVisible();
	await expect(projector.getByText('Shared phones at the field office')).toHaveCount(0);
	await expect(projector.getByText(/severity \d, likelihood \d/)).toHaveCount(0);
	expect(received.length).toBeGreaterThan(0);
	expect(received.filter((f) => f.includes('Shared phones at the field office'))).toEqual([]);

	await round(facilitator).getByRole('button', { name: 'Reveal the ratings' }).click();
	for (const page of [facilitator, alpha, beta]) {
		await expect(round(page).getByText('Severity 2–4, likelihood 3–3')).toBeVisible();
		await expect(round(page).getByText('Ratings differ by two levels or more')).toBeVisible();
	}
	await expect(round(beta).getByText('Shared phones at the field office')).toBeVisible();
	await expectAccessible(facilitator);
	// After the reveal the projector shows the ratings as dots on the grid; only now do they travel.
	await expect(projector.getByRole('img', { name: `Ratings of “${RISK}”: 2 dots on the severity × likelihood grid` })).toBeVisible();
	await expect(projector.getByText('Ratings differ by two levels or more')).toBeVisible();
	expect(received.some((f) => f.includes('Shared phones at the field office'))).toBe(true);
	await expectAccessible(projector);

	// The facilitator records the agreed rating.
	await round(facilitator).getByLabel(`Severity of “${RISK}”`).selectOption({ label: '4 · Maximum' });
	await round(facilitator).getByLabel(`Likelihood of “${RISK}”`).selectOption({ label: '3 · Significant' });
	await round(facilitator).getByPlaceholder('Rationale for the agreed rating').fill('Agencies agree shared devices are common');
	await round(facilitator).getByRole('button', { name: 'Record the agreed rating' }).click();
	await expect(alpha.getByText('Before measures: Very high (4×3)')).toBeVisible();

	// A measure with an owner, a due date and a residual rating.
	await facilitator.getByRole('button', { name: RISK, exact: true }).click();
	await facilitator.getByRole('button', { name: 'Add a measure' }).click();
	await facilitator.getByLabel('Measure of measure 1').fill('Sign-in through the identity provider with MFA, émis par l’agence');
	await facilitator.getByLabel('Owning agency of measure 1').selectOption({ label: 'ALP' });
	await facilitator.getByLabel('Due date of measure 1').fill('2027-01-31');
	await facilitator.getByLabel(`Severity of “${RISK} (After measures)”`).selectOption({ label: '4 · Maximum' });
	await facilitator.getByLabel(`Likelihood of “${RISK} (After measures)”`).selectOption({ label: '1 · Negligible' });
	await expect(facilitator.getByText('This residual risk is high')).toBeVisible();
	await expect(beta.getByText('After measures: High (4×1)')).toBeVisible();

	// The residual risk is Alpha's to accept: the facilitator cannot accept it for them; Alpha does,
	// under their own account; a later change to the measures voids it, visibly, for everyone.
	await facilitator.locator('select[id$="-owner"]').selectOption({ label: 'ALP' });
	await expect(facilitator.getByText('Waiting for a participant of ALP to accept it.')).toBeVisible();
	await expect(facilitator.getByRole('button', { name: /^Accept this risk/ })).toHaveCount(0);
	await expectAccessible(facilitator);
	for (const page of [alpha, beta]) await page.getByRole('button', { name: RISK, exact: true }).click();
	await expect(beta.getByText('Waiting for a participant of ALP to accept it.')).toBeVisible();
	await alpha.getByLabel('Why it is accepted').fill('MFA reduces account sharing; reviewed monthly');
	await alpha.getByRole('button', { name: 'Accept this risk for ALP' }).click();
	await expect(beta.getByText(/^Accepted for ALP by Ali Alpha on .*: MFA reduces account sharing; reviewed monthly$/)).toBeVisible();
	await expectAccessible(alpha);
	await facilitator.getByLabel('Due date of measure 1').fill('2027-02-28');
	await expect(beta.getByText(/^The acceptance for ALP by Ali Alpha .* is void: the measures changed on /)).toBeVisible();
	await alpha.getByLabel('Why it is accepted').fill('MFA reduces account sharing; reviewed monthly');
	await alpha.getByRole('button', { name: 'Accept this risk for ALP' }).click();
	await expect(facilitator.getByText(/^Accepted for ALP by Ali Alpha on /)).toBeVisible();

	// The risk matrix shows it, by keyboard too.
	await facilitator.getByRole('link', { name: 'Risk matrix' }).click();
	const cell = facilitator.getByRole('button', { name: /^Severity 4 \(Maximum\), likelihood 3 \(Significant\): 1 before measures/ });
	await cell.focus();
	await facilitator.keyboard.press('Enter');
	await expect(facilitator.getByRole('heading', { name: 'Risks at severity 4, likelihood 3' })).toBeVisible();
	await expectAccessible(facilitator);

	// The action plan, and its CSV.
	await facilitator.getByRole('link', { name: 'Action plan' }).click();
	await expect(facilitator.getByRole('cell', { name: /identity provider with MFA/ })).toBeVisible();
	await expectAccessible(facilitator);
	const [download] = await Promise.all([facilitator.waitForEvent('download'), facilitator.getByRole('link', { name: 'Download the action plan (CSV)' }).click()]);
	const csv = fs.readFileSync(await download.path(), 'utf8');
	expect(csv.charCodeAt(0)).toBe(0xfeff);
	expect(csv).toContain('"Sign-in through the identity provider with MFA, émis par l’agence","ALP","2027-02-28","Planned"');
	expect(csv).toContain(`"${RISK}","Very high"`);

	// Outcome, and the other sections, pass the accessibility check too.
	for (const view of ['Outcome', 'Screening', 'Context']) {
		await facilitator.getByRole('link', { name: view, exact: true }).click();
		await expect(facilitator.getByRole('heading', { name: view, level: 2 })).toBeVisible();
		await expectAccessible(facilitator);
	}

	// What Art. 35 and 36 add to the outcome: a high residual risk prompts prior consultation; each
	// agency records its own DPO's advice, and nobody else's; a missing one keeps the DPIA from being ready.
	await facilitator.getByRole('link', { name: 'Outcome', exact: true }).click();
	await expect(facilitator.getByText(/may have to consult the supervisory authority \(GDPR Art\. 36\)/)).toBeVisible();
	await alpha.goto(`${dpiaUrl.replace(/\?.*$/, '')}?view=outcome`);
	await alpha.getByLabel('Advice of the data-protection officer of Alpha Aid').fill('Proceed with MFA in place');
	await expect(alpha.getByLabel('Advice of the data-protection officer of Beta Care')).toBeDisabled();
	await expect(facilitator.getByLabel('Advice of the data-protection officer of Alpha Aid')).toHaveValue('Proceed with MFA in place');
	await expect(facilitator.getByText("The advice of Beta Care's data-protection officer is not recorded.")).toBeVisible();

	// The personal-data guard watches every board's free text, names included, and shows only a masked excerpt.
	const advice = alpha.getByLabel('Advice of the data-protection officer of Alpha Aid');
	await advice.fill('Proceed; Amina, aged 12, was asked what she thinks');
	const guard = alpha.getByRole('status').filter({ hasText: 'This looks like personal data' });
	await expect(guard).toContainText("person's name: Am");
	await expect(guard).not.toContainText('Amina');
	await expectAccessible(alpha);
	await guard.getByRole('button', { name: 'Dismiss this warning' }).click();
	await expect(guard).toHaveCount(0);
	await advice.fill('Proceed with MFA in place');

	// A likelihood nobody can give is scored as the worst case, and says so.
	await facilitator.getByRole('link', { name: 'Risks', exact: true }).click();
	const riskButton = facilitator.getByRole('button', { name: RISK, exact: true });
	if ((await riskButton.getAttribute('aria-expanded')) !== 'true') await riskButton.click();
	await facilitator.getByLabel(`Likelihood of “${RISK} (After measures)”`).selectOption({ label: 'Unknown: count the worst case' });
	await expect(facilitator.getByText(/Nobody can yet say how likely this is, so it is scored at the highest likelihood/)).toBeVisible();
	await expect(facilitator.getByLabel(`Likelihood of “${RISK} (After measures)”`)).toHaveValue('unknown');
	await expectAccessible(facilitator);
});
