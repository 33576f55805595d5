import fs from 'node:fs';
import path from 'node:path';
import type { App } from './app';
import { randomToken } from './ids';
import type { User } from './repositories/types';

const DEMO_AGENCIES = [
	{ name: 'Ministry of Social Affairs (demo)', shortName: 'MoSA', colour: '#1f6feb' },
	{ name: 'Child Rights Alliance (demo)', shortName: 'CRA', colour: '#b3261e' },
	{ name: 'Hope Together (demo)', shortName: 'HT', colour: '#1b7f3b' }
];

/**
 * Seeds an empty database with a demo workshop, three sample agencies and one account per role,
 * and prints their sign-in details (also written to DATA_DIR/demo-accounts.txt, readable only by
 * the process owner). Only with --demo or ACCORD_DEMO=1.
 */
export async function seedDemo(app: App): Promise<void> {
	const password = `demo-${randomToken(8)}`;
	// one signatory per agency, so the first freeze a newcomer tries is not refused for want of one
	const people: { email: string; name: string; role: 'admin' | 'facilitator' | 'member'; in?: { agency: string; as: 'participant' | 'observer'; signs: boolean } }[] = [
		{ email: 'admin@demo.accord.test', name: 'Ada Admin', role: 'admin' },
		{ email: 'facilitator@demo.accord.test', name: 'Fatou Facilitator', role: 'facilitator' },
		{ email: 'participant.cra@demo.accord.test', name: 'Paul Participant', role: 'member', in: { agency: 'CRA', as: 'participant', signs: false } },
		{ email: 'participant.ht@demo.accord.test', name: 'Hana Participant', role: 'member', in: { agency: 'HT', as: 'participant', signs: false } },
		{ email: 'signatory.mosa@demo.accord.test', name: 'Samir Signatory', role: 'member', in: { agency: 'MoSA', as: 'participant', signs: true } },
		{ email: 'signatory.cra@demo.accord.test', name: 'Chloé Signatory', role: 'member', in: { agency: 'CRA', as: 'participant', signs: true } },
		{ email: 'signatory.ht@demo.accord.test', name: 'Hamid Signatory', role: 'member', in: { agency: 'HT', as: 'participant', signs: true } },
		{ email: 'observer@demo.accord.test', name: 'Olga Observer', role: 'member', in: { agency: 'CRA', as: 'observer', signs: false } }
	];
	const users: User[] = [];
	for (const { in: _membership, ...p } of people) {
		const created = await app.accountService.create({ ...p, password, locale: null }, null);
		if (!created.ok) throw new Error(`demo account ${p.email}: ${created.problem}`);
		users.push(created.user);
	}
	const facilitator = users[1];
	const result = app.workshopService.create(
		{
			title: 'Demo: CPIMS+ data-protection workshop',
			context: 'Demo country, inter-agency rollout',
			date: new Date().toISOString().slice(0, 10),
			rolloutType: 'inter-agency',
			kitId: 'cpims-plus',
			language: 'en',
			agencies: DEMO_AGENCIES
		},
		facilitator,
		{ userId: facilitator.id, label: facilitator.email }
	);
	if (!result.ok) throw new Error(`demo workshop: ${result.problem}`);
	const wid = result.workshop.id;
	const agencies = app.workshops.agencies(wid);
	const byShort = (s: string) => agencies.find((a) => a.shortName === s)!.id;
	const now = Date.now();
	people.forEach((p, i) => {
		if (p.in) app.workshops.addMember({ workshopId: wid, userId: users[i].id, role: p.in.as, agencyId: byShort(p.in.agency), isSignatory: p.in.signs, joinedAt: now });
	});
	const lines = [
		`Demo workshop: ${app.config.origin}/workshops/${wid}`,
		`Every demo account has the password: ${password}`,
		...people.map((p) => `  ${p.email.padEnd(36)} ${p.name}${p.in ? ` (${p.in.agency}${p.in.signs ? ', signatory' : p.in.as === 'observer' ? ', observer' : ''})` : ''}`)
	];
	fs.writeFileSync(path.join(app.config.dataDir, 'demo-accounts.txt'), `${lines.join('\n')}\n`, { mode: 0o600 });
	app.log(`\nDemo data created.\n${lines.join('\n')}\n(also written to ${path.join(app.config.dataDir, 'demo-accounts.txt')})\n`);
}
