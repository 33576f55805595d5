import type { ServerBoard } from './board';
import { agendaBoard } from './agenda';
import { breachBoard } from './breach';
import { dpiaBoard } from './dpia';
import { dpispBoard } from './dpisp';
import { liveBoard } from './live';
import { termsBoard } from './terms';

/** Every board Accord serves, listed once (docs/architecture.md, "Adding a board"). */
export const BOARDS: readonly ServerBoard[] = [agendaBoard, dpiaBoard, dpispBoard, termsBoard, breachBoard, liveBoard];
