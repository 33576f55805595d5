import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig, type Plugin } from 'vitest/config';

/**
 * In development the collaboration WebSocket shares Vite's port, as it shares the production
 * server's port. Only upgrades under /collab/ are ours; everything else (Vite's HMR) is left alone.
 * The server module is loaded lazily through Vite so `vite build` never loads native modules.
 */
function collabDevServer(): Plugin {
	return {
		name: 'accord-collab-dev',
		apply: 'serve',
		configureServer(server) {
			if (!server.httpServer) return;
			server.httpServer.on('upgrade', (req, socket, head) => {
				if (!req.url?.startsWith('/collab/')) return;
				server
					.ssrLoadModule('/src/lib/server/app.ts')
					.then((mod) => mod.getApp().collab.handleUpgrade(req, socket, head))
					.catch((error: unknown) => {
						console.error('collab upgrade failed', error);
						socket.destroy();
					});
			});
		}
	};
}

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['cookie', 'preferredLanguage', 'baseLocale']
		}),
		sveltekit(),
		collabDevServer()
	],
	// the bundler's per-plugin timing report is for Vite's developers, not for someone starting Accord
	build: { rolldownOptions: { checks: { bundlerTimings: false } } },
	test: {
		include: ['src/**/*.spec.ts', 'tests/integration/**/*.spec.ts'],
		expect: { requireAssertions: true },
		allowOnly: false,
		testTimeout: 30_000,
		hookTimeout: 60_000,
		pool: 'forks'
	}
});
