// `npm run accord -- <command>`: the operators' command line (src/cli/accord.ts), run from a bundle
// (scripts/bundle.js) so that a command such as `verify` starts in a fraction of a second. Each
// command's modules are a chunk of their own and load only when that command runs.
import { pathToFileURL } from 'node:url';
import { ensureBundle } from './bundle.js';

await import(pathToFileURL(await ensureBundle('cli', 'src/cli/accord.ts')).href);
