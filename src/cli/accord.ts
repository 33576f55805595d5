// Accord's operator command line: `npm run accord -- <command>`. Every command exits non-zero on
// failure with a one-line reason. It reads the same environment as the server (DATA_DIR, KITS_DIR).
// Each command imports what it needs when it runs, so `verify` starts without loading the database,
// the kits or the PDF renderer.
import crypto from 'node:crypto';
import fs from 'node:fs';
import readline from 'node:readline';
import { loadConfig, ConfigError } from '../lib/server/config';
import { printable, wellFormed } from '../lib/domain/text';
import type { TrustedCertificate, VerifyReport } from '../lib/server/protocol/seal';

const USAGE = `Usage: npm run accord -- <command>

Commands:
  create-admin --email <e-mail> --name <name>   create an admin account (password read from
                                                ACCORD_ADMIN_PASSWORD or asked for)
  audit-verify [--export <file> ...]            check the audit log's hash chain against its signed
                                                anchors, and against the audit heads that exported
                                                protocols carry
  board-restore <workshop> <board> [<point>]    list a board's restore points, or restore one
                                                (while Accord runs, people see it when the board
                                                next loads; stop Accord first for it to apply at once)
  kits-check                                    validate every workshop kit
  backup <file>                                 copy the database consistently, while Accord runs
                                                (SQLite; on PostgreSQL, use pg_dump)
  migrate-to-postgres <sqlite-file>             copy an instance's SQLite database into the empty
                                                PostgreSQL database DATABASE_URL names, in one
                                                transaction, then check its audit chain there
  verify <file> [--fingerprint <sha256>]        check an exported protocol (PDF or JSON) on its own:
                                                seal, what was signed, who signed. Without
                                                --fingerprint, the certificate of the Accord in
                                                DATA_DIR is the one expected
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

function options(args: string[], name: string): string[] {
	return args.flatMap((a, i) => (a === `--${name}` && args[i + 1] ? [args[i + 1]] : []));
}

/** The instance's database: PostgreSQL when DATABASE_URL is set, else the SQLite file in DATA_DIR (which `create` may create). */
async function database(create = false) {
	const config = loadConfig(process.env);
	if (config.databaseUrl) {
		const [{ openPostgres }, { postgresWorkerFile }] = await Promise.all([import('../lib/server/db/postgres'), import('../lib/server/db/store')]);
		const db = openPostgres(config.databaseUrl, { workerFile: await postgresWorkerFile() });
		return { config, db, sqlite: null };
	}
	if (!create && !fs.existsSync(config.databaseFile)) throw new CliError(`no database at ${config.databaseFile} (set DATA_DIR, or start Accord once)`);
	const { openDatabase } = await import('../lib/server/db/database');
	const db = openDatabase(config.databaseFile, 5000);
	return { config, db, sqlite: db };
}

/** A board store on that database (on PostgreSQL, the nodes running hear of what it writes). */
async function documentStore(db: Awaited<ReturnType<typeof database>>) {
	if (db.sqlite) return new (await import('../lib/server/repositories/sql-documents')).SqlDocumentStore(db.db);
	return new (await import('../lib/server/repositories/postgres-documents')).PostgresDocumentStore(db.db, 'command-line');
}

/**
 * The certificate an export must be sealed with: the fingerprint given on the command line, or the
 * one of the Accord whose DATA_DIR this is (its public certificate, written at every start).
 */
async function expectedCertificates(args: string[]): Promise<TrustedCertificate[]> {
	const given = option(args, 'fingerprint');
	if (given) {
		const fingerprint = given.replace(/[:\s]/g, '').toLowerCase();
		if (!/^[0-9a-f]{64}$/.test(fingerprint)) throw new CliError('--fingerprint must be the 64 hex digits of a SHA-256 certificate fingerprint');
		return [{ fingerprint, source: 'given' }];
	}
	const config = loadConfig(process.env);
	const { certificateFile } = await import('../lib/server/signing/instance-key');
	const file = certificateFile(config.dataDir);
	if (!fs.existsSync(file)) return [];
	const fingerprint = new crypto.X509Certificate(fs.readFileSync(file)).fingerprint256.replace(/:/g, '').toLowerCase();
	return [{ fingerprint, source: config.signingP12 ? 'operator' : 'instance' }];
}

const TRUST_SOURCES = { instance: "this Accord's own key", operator: "the operator's configured certificate", given: 'the fingerprint you gave' } as const;

function describe(file: string, report: VerifyReport, registry: string | null): string[] {
	const c = report.content!;
	const s = report.signer!;
	const lines = [
		`${file} is valid: sealed by ${TRUST_SOURCES[report.trust!.source]}, and unchanged since.`,
		`  Certificate: ${s.subject}${s.selfSigned ? ' (self-signed)' : `, issued by ${s.issuer}`}; SHA-256 fingerprint ${s.fingerprint}`,
		`  Content: version ${c.version} of "${c.workshop.title}" (${c.workshop.context}, ${c.workshop.date}), kit ${c.kit.id}@${c.kit.version}; digest ${c.digest}`,
		`  Agencies: ${c.agencies.map((a) => `${a.name} (${a.shortName})${a.lead ? ', lead' : ''}`).join('; ')}`,
		`  Clauses (${c.clauses.length}): ${c.clauses.map((x) => `${x.number}. ${x.title} [${x.status}]`).join('; ')}`,
		...c.signatures.map((x) => `  ${x.decision} by ${x.fullName} <${x.email}>, ${x.title}${x.agency ? ` (${x.agency})` : ''} as ${x.kind}, ${x.at}`),
		`  Exported ${c.exportedAt}${c.auditHead ? `, when the audit log ended at entry ${c.auditHead.entry} (${c.auditHead.hash})` : ''}.`
	];
	if (registry) lines.push(`  ${registry}`);
	// names and titles are what people typed: nothing in them may reorder or hide what is printed
	return lines.map(printable);
}

const commands: Record<string, (args: string[]) => Promise<void>> = {
	async 'create-admin'(args) {
		const email = option(args, 'email');
		const name = option(args, 'name');
		if (!email || !name) throw new CliError('create-admin needs --email and --name');
		const { config, db } = await database(true);
		const [{ SqlAccountRepository }, { SqlAuditRepository }, { AuditLog }, { AccountService }] = await Promise.all([
			import('../lib/server/repositories/sql-accounts'),
			import('../lib/server/repositories/sql-audit'),
			import('../lib/server/audit'),
			import('../lib/server/accounts')
		]);
		const accounts = new SqlAccountRepository(db);
		const audit = new AuditLog(new SqlAuditRepository(db), config.recordAddresses);
		const result = await new AccountService(accounts, audit).create({ email, name, password: await readPassword(), role: 'admin', locale: null }, { userId: null, label: 'command line' });
		if (!result.ok) throw new CliError(`the account was not created: ${result.problem}`);
		accounts.clearSetupTokens();
		db.close();
		console.log(`Admin account created for ${result.user.email}.`);
	},

	async 'audit-verify'(args) {
		const trusted = await expectedCertificates([]);
		const { verifyExportFile } = await import('../lib/server/protocol/seal');
		// Heads carried by exported protocols are anchors kept outside this machine.
		const external = [];
		for (const file of options(args, 'export')) {
			if (!fs.existsSync(file)) throw new CliError(`${file} does not exist`);
			const report = await verifyExportFile(fs.readFileSync(file), trusted);
			if (!report.valid || !report.content) throw new CliError(`${file} cannot vouch for the log: it is not a valid export of this Accord (${report.reason}: ${report.detail})`);
			if (report.content.auditHead) external.push({ ...report.content.auditHead, at: report.content.exportedAt, source: file, trusted: true });
		}
		const { db } = await database();
		const [{ AuditLog }, { SqlAuditRepository }] = await Promise.all([import('../lib/server/audit'), import('../lib/server/repositories/sql-audit')]);
		const check = new AuditLog(new SqlAuditRepository(db), false).verify({ trusted: trusted.map((t) => t.fingerprint), external });
		db.close();
		if (!check.ok) throw new CliError(`the audit log is broken at entry ${check.brokenAt}: ${check.reason} (${check.count} entries read)`);
		console.log(`The audit log is intact: ${check.count} entries, consistent with ${check.anchors} anchors${external.length ? ` (${external.length} from exported protocols)` : ''}.`);
	},

	async 'kits-check'() {
		const config = loadConfig(process.env);
		const { checkKits, formatKitProblems } = await import('../lib/server/kits');
		const { kits, problems } = checkKits(config.kitsDir);
		if (problems.length > 0) throw new CliError(`the workshop kits in ${config.kitsDir} are not valid:\n${formatKitProblems(problems)}`);
		for (const kit of kits) console.log(`ok  ${kit.manifest.id}@${kit.manifest.version}`);
	},

	async verify(args) {
		const file = args[0];
		if (!file || file.startsWith('--')) throw new CliError('verify needs the exported file (PDF or JSON)');
		if (!fs.existsSync(file)) throw new CliError(`${file} does not exist`);
		const trusted = await expectedCertificates(args);
		const { verifyExportFile } = await import('../lib/server/protocol/seal');
		const report = await verifyExportFile(fs.readFileSync(file), trusted);
		if (!report.valid) throw new CliError(`${file} is NOT valid: ${report.reason}${report.why ? ` (${report.why})` : ''}: ${report.detail}`);
		// What this Accord's records say of that version, when its database is here.
		let registry: string | null = null;
		const config = loadConfig(process.env);
		if (!option(args, 'fingerprint') && (config.databaseUrl || fs.existsSync(config.databaseFile))) {
			const { db } = await database();
			const { SqlProtocolRepository } = await import('../lib/server/repositories/sql-protocol');
			const freeze = new SqlProtocolRepository(db).freezeByDigest(report.content!.digest);
			db.close();
			registry = !freeze ? 'This Accord has no record of freezing that version.' : freeze.voidedAt ? `This Accord froze that version, then reopened it on ${new Date(freeze.voidedAt).toISOString()}: its signatures are void.` : 'This Accord froze that version and has not reopened it.';
		}
		for (const line of describe(file, report, registry)) console.log(line);
	},

	async 'board-restore'(args) {
		const [workshopId, board, pointId] = args;
		const { KIT_BOARD_IDS, documentName } = await import('../lib/domain/boards');
		if (!workshopId || !board) throw new CliError('board-restore needs a workshop id and a board (agenda, dpia, dpisp, terms or breach)');
		if (!(KIT_BOARD_IDS as readonly string[]).includes(board)) throw new CliError(`"${board}" is not a board: use agenda, dpia, dpisp, terms or breach`);
		const opened = await database();
		const { db } = opened;
		const [{ SqlBoardHistoryRepository }, { SqlWorkshopRepository }, { restoreStored }] = await Promise.all([
			import('../lib/server/repositories/sql-board-history'),
			import('../lib/server/repositories/sql-workshops'),
			import('../lib/server/board-history')
		]);
		try {
			if (!new SqlWorkshopRepository(db).get(workshopId)) throw new CliError(`no workshop ${workshopId}`);
			const history = new SqlBoardHistoryRepository(db);
			const name = documentName(workshopId, board as never);
			if (!pointId) {
				const points = history.list(name);
				if (points.length === 0) console.log(`${name} has no restore point.`);
				for (const p of points) console.log(`${p.id}  ${new Date(p.createdAt).toISOString()}  ${p.reason}  ${p.bytes} bytes  by ${p.createdBy}`);
				return;
			}
			const { AuditLog } = await import('../lib/server/audit');
			const { SqlAuditRepository } = await import('../lib/server/repositories/sql-audit');
			const result = restoreStored(await documentStore(opened), history, name, pointId);
			if (!result.ok) throw new CliError(`${pointId} is not a restore point of ${name}`);
			new AuditLog(new SqlAuditRepository(db), false).record('board.restored', { userId: null, label: 'command line' }, { workshopId, target: board, details: { point: pointId } });
			console.log(`${name} restored to ${new Date(result.point.createdAt).toISOString()} (a restore point of what it held before was kept).`);
		} finally {
			db.close();
		}
	},

	async backup(args) {
		const file = args[0];
		if (!file || file.startsWith('--')) throw new CliError('backup needs a destination file');
		if (fs.existsSync(file)) throw new CliError(`${file} already exists; choose a new file`);
		const { db, sqlite } = await database();
		if (!sqlite) {
			db.close();
			throw new CliError('Accord keeps its data in PostgreSQL here (DATABASE_URL): back it up with pg_dump (docs/operations.md)');
		}
		const [{ backupDatabase }, { AuditLog }, { SqlAuditRepository }] = await Promise.all([import('../lib/server/db/database'), import('../lib/server/audit'), import('../lib/server/repositories/sql-audit')]);
		await backupDatabase(sqlite, file);
		new AuditLog(new SqlAuditRepository(db), false).record('backup.created', { userId: null, label: 'command line' }, { target: file });
		db.close();
		console.log(`Backup written to ${file}.`);
	},

	async 'migrate-to-postgres'(args) {
		const file = args[0];
		if (!file || file.startsWith('--')) throw new CliError('migrate-to-postgres needs the SQLite file to copy (DATA_DIR/accord.sqlite)');
		if (!fs.existsSync(file)) throw new CliError(`${file} does not exist`);
		const config = loadConfig(process.env);
		if (!config.databaseUrl) throw new CliError('set DATABASE_URL to the PostgreSQL database to copy into');
		const { db } = await database();
		const [{ migrateToPostgres, MigrationError }, { AuditLog }, { SqlAuditRepository }] = await Promise.all([
			import('../lib/server/db/migrate-to-postgres'),
			import('../lib/server/audit'),
			import('../lib/server/repositories/sql-audit')
		]);
		try {
			const report = migrateToPostgres(file, db);
			const audit = new AuditLog(new SqlAuditRepository(db), false);
			const trusted = (await expectedCertificates([])).map((t) => t.fingerprint);
			const check = audit.verify({ trusted });
			if (!check.ok) throw new CliError(`the data was copied, but its audit log does not verify at entry ${check.brokenAt}: ${check.reason}`);
			audit.record('database.migrated', { userId: null, label: 'command line' }, { details: { from: 'sqlite', rows: report.rows } });
			const total = Object.values(report.rows).reduce((a, b) => a + b, 0);
			console.log(`Copied ${total} rows into PostgreSQL (${Object.entries(report.rows).filter(([, n]) => n > 0).map(([t, n]) => `${t} ${n}`).join(', ')}).`);
			console.log(`The audit log verifies there: ${check.count} entries, consistent with ${check.anchors} anchors. Start Accord with DATABASE_URL set.`);
		} catch (error) {
			if (error instanceof MigrationError) throw new CliError(error.message);
			throw error;
		} finally {
			db.close();
		}
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

// Arguments arrive as the terminal sends them; text that reaches the audit log is well-formed.
process.exitCode = await main(wellFormed(process.argv.slice(2)));
