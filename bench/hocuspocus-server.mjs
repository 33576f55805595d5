// Hocuspocus 4.7 with its SQLite extension, as a team would run it instead of Accord: the benchmark's
// second peer (issue 15). Defaults kept (documents stored on a 2 s debounce, at most every 10 s).
// Every connection is accepted; its token is ignored (the harness sends one, as the protocol requires).
import { Server } from '@hocuspocus/server';
import { SQLite } from '@hocuspocus/extension-sqlite';

const port = Number(process.env.PORT);
const server = new Server({
	port,
	address: '127.0.0.1',
	quiet: true,
	extensions: [new SQLite({ database: process.env.DATABASE })],
	async onAuthenticate() {
		return {};
	}
});
await server.listen();
console.log(`hocuspocus running on ${port}`);
