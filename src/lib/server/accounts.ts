import { cleanLine, EMAIL_PATTERN } from '../domain/text';
import type { InstanceRole } from '../domain/roles';
import type { Actor, AuditLog } from './audit';
import { hashPassword, passwordProblem } from './auth/passwords';
import type { PasswordProblem } from '../domain/password-policy';
import type { AccountRepository, User } from './repositories/types';

export type CreateAccountResult = { ok: true; user: User } | { ok: false; problem: PasswordProblem | 'email-taken' | 'invalid-email' | 'invalid-name' };


export class AccountService {
	constructor(
		private readonly accounts: AccountRepository,
		private readonly audit: AuditLog
	) {}

	async create(input: { email: string; name: string; password: string; role: InstanceRole; locale: string | null }, actor: Actor | null): Promise<CreateAccountResult> {
		const email = input.email.trim();
		const name = cleanLine(input.name);
		if (!EMAIL_PATTERN.test(email)) return { ok: false, problem: 'invalid-email' };
		if (name.length < 1 || name.length > 120) return { ok: false, problem: 'invalid-name' };
		const problem = passwordProblem(input.password, email);
		if (problem) return { ok: false, problem };
		if (this.accounts.byEmailWithSecret(email)) return { ok: false, problem: 'email-taken' };
		const passwordHash = await hashPassword(input.password);
		let user: User;
		try {
			user = this.accounts.create({ email, name, passwordHash, role: input.role, locale: input.locale });
		} catch (error) {
			if (String((error as Error).message).includes('UNIQUE')) return { ok: false, problem: 'email-taken' };
			throw error;
		}
		this.audit.record('account.created', actor ?? { userId: user.id, label: user.email }, { target: user.email, details: { role: user.role } });
		return { ok: true, user };
	}
}
