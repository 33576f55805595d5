import { json, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { lineText } from '$lib/domain/text';
import { memberCall, readJson } from '$lib/server/http/board-api';
import { requireMember } from '$lib/server/http/guards';
import { error } from '@sveltejs/kit';
import { canEditBoards } from '$lib/domain/roles';

/** Named versions of the protocol: everyone reads them; people who edit may save one. */
export const GET: RequestHandler = (event) => {
	const { workshop } = requireMember(event);
	return json({ versions: event.locals.app.dpisp.versions(workshop) });
};

export const POST: RequestHandler = async (event) => {
	const { workshop, member, actor } = memberCall(event);
	if (!canEditBoards(member.role)) error(403, 'forbidden');
	const { name } = await readJson(event, z.object({ name: lineText(1, 120) }));
	const version = event.locals.app.dpisp.saveVersion(workshop, name, actor);
	return json({ id: version.id }, { status: 201 });
};
