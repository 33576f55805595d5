// Accord's operator command line: `npm run accord -- <command>`. Every command exits non-zero on
// failure with a one-line reason. It reads the same environment as the server (DATA_DIR, KITS_DIR).
import fs from 'node:fs';
import readline from 'node:readline';
import { AccountService } from '../lib/server/accounts';
import { AuditLog } from '../lib/server/audit';
import { loadConfig, ConfigError } from '../lib/server/config';
import { backupDatabase, openDatabase } from '../lib/server/db/database';
import { checkKits, formatKitProblems } from '../lib/server/kits';
import { SqliteAccountRepository } from '../lib/server/repositories/sqlite-accounts';
import { SqliteAuditRepository } from '../lib/server/repositories/sqlite-audit';
import { SqliteProtocolRepository } from '../lib/server/repositories/sqlite-protocol';
import { SqliteWorkshopRepository } from '../lib/server/repositories/sqlite-workshops';
import { verifyExport } from '../lib/server/protocol/protocol-service';
import { loadInstanceKey } from '../lib/server/signing/instance-key';

const USAGE = `Usage: npm run accord -- <command>

Commands:
  create-admin --email <e-mail> --name <name>   create an admin account (password read from
                                                ACCORD_ADMIN_PASSWORD or asked for)
  audit-verify                                  check the audit log's hash chain
  kits-check                                    validate every workshop kit
  backup <file>                                 copy the database consistently, while Accord runs
  verify <file>                                 check an exported protocol (PDF or JSON): seal,
                                                frozen version, signatures
`;

class CliError extends Error {}

function option(args: string[], name: string): string | undefined {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : undefined;
}

async function readPassword(): Promise<string> {
	if (process.env.ACCORD_ADMIN_PASSWORD) return process.env.ACCORD_ADMIN_PASSWORD;
	const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
	try {
		return await new Promise((resolve) => rl.question('Password (at least 10 characters): ', resolve));
	} finally {
		rl.close();
	}
}

function database() {
	const config = loadConfig(process.env);
	if (!fs.existsSync(config.databaseFile)) throw new CliError(`no database at ${config.databaseFile} (set DATA_DIR, or start Accord once)`);
	return { config, db: openDatabase(config.databaseFile, 5000) };
}

const commands: Record<string, (args: string[]) => Promise<void>> = {
	async 'create-admin'(args) {
		const email = option(args, 'email');
		const name = option(args, 'name');
		if (!email || !name) throw new CliError('create-admin needs --email and --name');
		const config = loadConfig(process.env);
		const db = openDatabase(config.databaseFile, 5000);
		const accounts = new SqliteAccountRepository(db);
		const audit = new AuditLog(new SqliteAuditRepository(db), config.recordAddresses);
		const result = await new AccountService(accounts, audit).create({ email, name, password: await readPassword(), role: 'admin', locale: null }, { userId: null, label: 'command line' });
		if (!result.ok) throw new CliError(`the account was not created: ${result.problem}`);
		accounts.clearSetupTokens();
		db.close();
		console.log(`Admin account created for ${result.user.email}.`);
	},

	async 'audit-verify'() {
		const { db } = database();
		const check = new AuditLog(new SqliteAuditRepository(db), false).verify();
		db.close();
		if (!check.ok) throw new CliError(`the audit log is broken at entry ${check.brokenAt}: ${check.reason} (${check.count} entries read)`);
		console.log(`The audit log is intact: ${check.count} entries.`);
	},

	async 'kits-check'() {
		const config = loadConfig(process.env);
		const { kits, problems } = checkKits(config.kitsDir);
		if (problems.length > 0) throw new CliError(`the workshop kits in ${config.kitsDir} are not valid:\n${formatKitProblems(problems)}`);
		for (const kit of kits) console.log(`ok  ${kit.manifest.id}@${kit.manifest.version}`);
	},

	async verify(args) {
		const file = args[0];
		if (!file) throw new CliError('verify needs the exported file (PDF or JSON)');
		if (!fs.existsSync(file)) throw new CliError(`${file} does not exist`);
		const { config, db } = database();
		const key = loadInstanceKey({ dataDir: config.dataDir, origin: config.origin, p12Path: config.signingP12?.path, p12Passphrase: config.signingP12?.passphrase });
		const report = verifyExport(fs.readFileSync(file), { key, protocols: new SqliteProtocolRepository(db), workshops: new SqliteWorkshopRepository(db) });
		db.close();
		if (!report.valid) throw new CliError(`${file} is NOT valid: ${report.reason}${report.digest ? ` (content digest ${report.digest})` : ''}`);
		console.log(`${file} is valid: sealed by this instance (certificate ${report.fingerprint}).`);
		console.log(`Content: version ${report.match?.version} of "${report.match?.workshop}", frozen ${new Date(report.match?.frozenAt ?? 0).toISOString()}${report.match?.voided ? ' (since reopened: void)' : ''}.`);
		for (const s of report.signatures) console.log(`  ${s.decision} by ${s.fullName}, ${s.title}${s.agency ? ` (${s.agency})` : ''} as ${s.kind}, ${new Date(s.at).toISOString()}`);
	},

	async backup(args) {
		const file = args[0];
		if (!file || file.startsWith('--')) throw new CliError('backup needs a destination file');
		if (fs.existsSync(file)) throw new CliError(`${file} already exists; choose a new file`);
		const { db } = database();
		await backupDatabase(db, file);
		new AuditLog(new SqliteAuditRepository(db), false).record('backup.created', { userId: null, label: 'command line' }, { target: file });
		db.close();
		console.log(`Backup written to ${file}.`);
	}
};

async function main(argv: string[]): Promise<number> {
	const [name, ...args] = argv;
	const command = name ? commands[name] : undefined;
	if (!command) {
		console.error(name ? `Unknown command "${name}".\n\n${USAGE}` : USAGE);
		return 2;
	}
	try {
		await command(args);
		return 0;
	} catch (error) {
		if (error instanceof CliError || error instanceof ConfigError) console.error(`accord ${name}: ${error.message}`);
		else console.error(`accord ${name}: ${(error as Error).message ?? error}`);
		return 1;
	}
}

process.exitCode = await main(process.argv.slice(2));
