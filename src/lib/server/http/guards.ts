import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { clientAddressFrom } from '../../domain/client-address';
import type { Kit } from '../../domain/kit-schema';
import type { Member, User, Workshop } from '../repositories/types';

/** The signed-in user, or a redirect to the sign-in page that comes back here. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): User {
	const user = event.locals.user;
	if (!user) redirect(303, `/sign-in?redirectTo=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	return user;
}

export function requireAdmin(event: Pick<RequestEvent, 'locals' | 'url'>): User {
	const user = requireUser(event);
	if (user.role !== 'admin') error(403, 'forbidden');
	return user;
}

/** The workshop and the user's membership. Non-members get a 404, so workshop ids leak nothing. */
export function requireMember(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>): { user: User; workshop: Workshop; member: Member } {
	const user = requireUser(event);
	const id = event.params.id ?? '';
	const workshop = event.locals.app.workshops.get(id);
	const member = workshop ? event.locals.app.workshops.member(workshop.id, user.id) : null;
	if (!workshop || !member) error(404, 'not-found');
	return { user, workshop, member };
}

/** What every board page starts from: the member's workshop and its kit. Reads only: boards are seeded with the workshop. */
export function requireBoardPage(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>): { user: User; workshop: Workshop; member: Member; kit: Kit } {
	const found = requireMember(event);
	const kit = event.locals.app.kits.forWorkshop(found.workshop);
	if (!kit) error(404, 'not-found');
	return { ...found, kit };
}

export function requireFacilitator(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
	const found = requireMember(event);
	if (found.member.role !== 'facilitator') error(403, 'forbidden');
	return found;
}

/**
 * JSON endpoints are outside SvelteKit's form CSRF check: refuse requests whose Origin is not ours.
 * (Browsers always send Origin on a cross-site POST.)
 */
export function requireSameOrigin(event: Pick<RequestEvent, 'request' | 'locals'>): void {
	const origin = event.request.headers.get('origin');
	if (origin !== event.locals.app.config.origin) error(403, 'forbidden');
}

export function clientAddress(event: Pick<RequestEvent, 'getClientAddress' | 'request' | 'locals'>): string | null {
	let socket: string | null = null;
	try {
		socket = event.getClientAddress();
	} catch {
		socket = null;
	}
	return clientAddressFrom(event.request.headers.get('x-forwarded-for'), socket, event.locals.app.config.trustProxy);
}

/** The audit actor for a request, with the member's agency and role when in a workshop. */
export function actorOf(event: Pick<RequestEvent, 'getClientAddress' | 'request' | 'locals'>, user: User, member?: Member | null) {
	return { userId: user.id, label: user.email, name: user.name, agency: member?.agencyId ?? null, role: member?.role ?? user.role, address: clientAddress(event) };
}
