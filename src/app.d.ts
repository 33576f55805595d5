import type { App as AccordApp } from '$lib/server/app';
import type { Session, User } from '$lib/server/repositories/types';

declare global {
	namespace App {
		interface Locals {
			app: AccordApp;
			user: User | null;
			session: Session | null;
			locale: string;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
