import { defineConfig } from '@playwright/test';
import { ADMIN, E2E_DATA_DIR } from './tests/e2e/people';

const PORT = Number(process.env.E2E_PORT ?? 4173);

/** Browser tests run Debian's Chromium (never a downloaded browser) against the built server. */
export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	forbidOnly: true,
	// A whole workshop scene (three or four people in their own browsers) takes about a minute on a
	// quiet 2-core machine; the budget leaves room for a busy one. Each step still waits at most
	// `expect.timeout` for what it expects.
	timeout: 180_000,
	expect: { timeout: 15_000 },
	reporter: [['list']],
	use: {
		baseURL: `http://localhost:${PORT}`,
		browserName: 'chromium',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-dev-shm-usage'
			]
		},
		trace: 'off'
	},
	webServer: {
		// A fresh database with one admin account (made with the operators' command line), then the
		// server: in one command, so the server never opens a database that is then replaced.
		command: `rm -rf '${E2E_DATA_DIR}' && node scripts/accord.js create-admin --email '${ADMIN.email}' --name '${ADMIN.name}' && node server.js`,
		url: `http://localhost:${PORT}/sign-in`,
		reuseExistingServer: false,
		timeout: 60_000,
		env: { PORT: String(PORT), ORIGIN: `http://localhost:${PORT}`, DATA_DIR: E2E_DATA_DIR, HOST: '127.0.0.1', ACCORD_ADMIN_PASSWORD: ADMIN.password }
	}
});
