import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { actorOf, requireAdmin } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

const role = z.enum(['admin', 'facilitator', 'member']);

export const load: PageServerLoad = (event) => {
	requireAdmin(event);
	return { accounts: event.locals.app.accounts.list().map(({ id, name, email, role, createdAt }) => ({ id, name, email, role, createdAt })) };
};

export const actions: Actions = {
	create: async (event) => {
		const admin = requireAdmin(event);
		const form = await event.request.formData();
		const name = String(form.get('name') ?? '');
		const email = String(form.get('email') ?? '');
		const parsedRole = role.safeParse(form.get('role'));
		if (!parsedRole.success) return fail(400, { name, email, problem: 'role' });
		const result = await event.locals.app.accountService.create({ name, email, password: String(form.get('password') ?? ''), role: parsedRole.data, locale: null }, actorOf(event, admin));
		if (!result.ok) return fail(400, { name, email, problem: result.problem });
		return { created: result.user.email };
	}
};
