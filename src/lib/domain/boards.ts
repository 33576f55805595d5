/** The boards of a workshop. Each is one Yjs document at /collab/<workshop-id>/<board>. */
export const BOARD_IDS = ['agenda', 'dpia', 'dpisp', 'terms', 'breach', 'live'] as const;
export type BoardId = (typeof BOARD_IDS)[number];

/** The boards a kit may list (the facilitation board belongs to every workshop). */
export const KIT_BOARD_IDS = ['agenda', 'dpia', 'dpisp', 'terms', 'breach'] as const;

/** The rollout steps that each have their own board, in workshop order. */
export const STEP_BOARDS = [
	{ board: 'dpia', step: 6 },
	{ board: 'dpisp', step: 7 },
	{ board: 'terms', step: 8 },
	{ board: 'breach', step: 9 }
] as const satisfies readonly { board: BoardId; step: number }[];

export type StepBoardId = (typeof STEP_BOARDS)[number]['board'];

export const BOARD_STATES = ['not-started', 'in-progress', 'ready', 'frozen'] as const;
export type BoardState = (typeof BOARD_STATES)[number];

export const ROLLOUT_TYPES = ['inter-agency', 'refugee', 'government-only'] as const;
export type RolloutType = (typeof ROLLOUT_TYPES)[number];

/** Boards every workshop has, whatever its kit: the agenda and the facilitation board ("live"). */
export const CORE_BOARDS: readonly BoardId[] = ['agenda', 'live'];

/** Boards frozen with the protocol (everything but the agenda and facilitation). */
export function isStepBoard(board: string): boolean {
	return board === 'dpia' || board === 'dpisp' || board === 'terms' || board === 'breach';
}

export function isBoardId(value: string): value is BoardId {
	return (BOARD_IDS as readonly string[]).includes(value);
}

/** Step 6 (the DPIA) is not required when only government partners take part. */
export function isBoardRequired(board: BoardId, rollout: RolloutType): boolean {
	return !(board === 'dpia' && rollout === 'government-only');
}

/** Documents are stored under one name per workshop board. */
export function documentName(workshopId: string, board: BoardId): string {
	return `${workshopId}/${board}`;
}
