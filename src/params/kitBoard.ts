import type { ParamMatcher } from '@sveltejs/kit';
import { KIT_BOARD_IDS, type BoardId } from '$lib/domain/boards';

/** A board a kit may list (not the facilitation board): `/workshops/<id>/boards/[board=kitBoard]/…`. */
export const match = ((param: string): param is BoardId => (KIT_BOARD_IDS as readonly string[]).includes(param)) satisfies ParamMatcher;
