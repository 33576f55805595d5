import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { ADMIN, E2E_DATA_DIR } from './people';

/** A fresh database with one admin account, made with the operators' command line. */
export default function globalSetup(): void {
	fs.rmSync(E2E_DATA_DIR, { recursive: true, force: true });
	fs.mkdirSync(E2E_DATA_DIR, { recursive: true });
	execFileSync('npx', ['tsx', 'src/cli/accord.ts', 'create-admin', '--email', ADMIN.email, '--name', ADMIN.name], {
		env: { ...process.env, DATA_DIR: E2E_DATA_DIR, ACCORD_ADMIN_PASSWORD: ADMIN.password },
		stdio: 'inherit'
	});
}
