import type { IncomingMessage } from 'node:http';
import { AccountService } from './accounts';
import { AuditLog, shownName } from './audit';
import { FileAuditSpill } from './audit-spill';
import { PasswordGate } from './auth/password-gate';
import { SignInService } from './auth/sign-in';
import { SessionService } from './auth/sessions';
import { CollabServer } from './collab/collab-server';
import type { ServerBoard } from './boards/board';
import { BOARDS } from './boards/registry';
import { WorkshopBoards } from './boards/workshop-boards';
import { loadConfig, type Config } from './config';
import type { Db } from './db/database';
import type { SqlDb } from './db/sql';
import { openStore, postgresWorkerFile } from './db/store';
import { seedDemo } from './demo';
import { DpiaService } from './dpia';
import { DpispService } from './dpisp';
import { BreachService } from './breach';
import { TermsService } from './terms';
import { ProtocolService } from './protocol/protocol-service';
import { SqlProtocolRepository } from './repositories/sql-protocol';
import { loadInstanceKey } from './signing/instance-key';
import { SqlVersionRepository } from './repositories/sql-versions';
import { SqlTermsSignatureRepository } from './repositories/sql-terms-signatures';
import { TermsSigningService } from './terms-signing';
import { hashToken, randomToken } from './ids';
import { KitCatalogue } from './kits';
import { SqlAccountRepository } from './repositories/sql-accounts';
import { SqlAuditRepository } from './repositories/sql-audit';
import { PostgresCluster } from './cluster/postgres-cluster';
import { SqlScoringRepository } from './repositories/sql-scoring';
import { SqlWorkshopRepository } from './repositories/sql-workshops';
import type { AccountRepository, DocumentStore, Workshop, WorkshopRepository } from './repositories/types';
import { WorkshopService } from './workshops';
import { clientAddressFrom } from '../domain/client-address';
import * as Y from 'yjs';
import { BoardHistoryService, keepRestorePoint } from './board-history';
import { SqlBoardHistoryRepository } from './repositories/sql-board-history';
import { RenderPool, type Renderer } from './protocol/render-pool';
import { ensureBundle } from '../../../scripts/bundle.js';
import { FacilitationService } from './facilitation';
import { FollowUpService } from './follow-up';
import { KitTailoringService } from './kit-tailoring';
import { allTermsItems } from '../domain/kit-tailoring';
import { PreReadService } from './pre-read';
import { ReviewService } from './review';
import { SqlKitChangeRepository } from './repositories/sql-kit-changes';
import { kitAnnexLabels } from './http/export-labels';
import { pickText } from '../domain/kit-schema';
import { NO_MAIL, smtpMailer, type Mailer } from './mail/mailer';
import { ReminderService } from './mail/reminders';
import { SqlMailRepository } from './repositories/sql-mail';
import type { MailRepository } from './repositories/types';
import { SqlFollowUpRepository } from './repositories/sql-follow-up';
import { SqlBallotRepository } from './repositories/sql-ballots';
import { SqlRateLimit, SqlThrottleStore } from './repositories/sql-limits';

export interface App {
	config: Config;
	/** The store: SQLite by default, PostgreSQL when DATABASE_URL is set (db/store.ts). */
	db: SqlDb;
	/** The SQLite connection, for what only SQLite has; null on PostgreSQL. */
	sqlite: Db | null;
	kits: KitCatalogue;
	accounts: AccountRepository;
	workshops: WorkshopRepository;
	documents: DocumentStore;
	audit: AuditLog;
	sessions: SessionService;
	signIn: SignInService;
	/** Every check of a password entered again (signing, declining, changing it): throttled and audited like sign-in. */
	passwords: PasswordGate;
	accountService: AccountService;
	workshopService: WorkshopService;
	dpia: DpiaService;
	dpisp: DpispService;
	terms: TermsService;
	termsSigning: TermsSigningService;
	breach: BreachService;
	protocol: ProtocolService;
	/** The action plan after signing: owners, due dates, status and evidence, and its sealed report. */
	followUp: FollowUpService;
	/** The workshop's own copy of its kit, tailored before the day. */
	tailoring: KitTailoringService;
	/** The pack participants read before the day. */
	preRead: PreReadService;
	/** "Start the review": the next version of a signed workshop, pre-filled from it. */
	review: ReviewService;
	/** Outgoing e-mail (NO_MAIL without SMTP settings), what was sent, and the daily reminders. */
	mailer: Mailer;
	mail: MailRepository;
	reminders: ReminderService;
	facilitation: FacilitationService;
	history: BoardHistoryService;
	/** Accord's boards: the registry, the hooks the engine calls, frozen workshops and locks. */
	boards: WorkshopBoards;
	collab: CollabServer;
	log: (line: string) => void;
	/** Creates the one-time link for the first admin, if no account exists yet. */
	firstStart(): Promise<void>;
	/** Stops everything; resolves once the worker threads have exited and the database is closed. */
	close(): Promise<void>;
}

const SETUP_TOKEN_MS = 24 * 3_600_000;

/** What a test may change about the app it builds (a board of its own, say). */
export interface AppOptions {
	boards?: readonly ServerBoard[];
	/** The bundled PostgreSQL thread (db/store.ts), needed when DATABASE_URL is set. */
	postgresWorker?: string;
	/** Several nodes on one PostgreSQL database: how this node hears the others (startApp makes it). */
	cluster?: PostgresCluster | null;
}

export function createApp(config: Config, log: (line: string) => void = (line) => console.log(line), options: AppOptions = {}): App {
	const kits = KitCatalogue.load(config.kitsDir);
	const cluster = options.cluster ?? null;
	const { db, sqlite, storage, documents } = openStore(config, log, options.postgresWorker ? { workerFile: options.postgresWorker, nodeId: cluster?.nodeId ?? randomToken(10) } : undefined);
	const accounts = new SqlAccountRepository(db);
	const workshops = new SqlWorkshopRepository(db);
	const key = loadInstanceKey({ dataDir: config.dataDir, origin: config.origin, p12Path: config.signingP12?.path, p12Passphrase: config.signingP12?.passphrase });
	const audit = new AuditLog(new SqlAuditRepository(db), config.recordAddresses, key, new FileAuditSpill(config.dataDir), log);
	const sessions = new SessionService(accounts, { sessionMs: config.sessionMs, idleMs: config.idleMs });
	// password guessing counted in the database: across restarts, and across nodes
	const passwords = new PasswordGate(accounts, audit, undefined, { pairs: new SqlThrottleStore(db, 'sign-in-pair'), addresses: new SqlThrottleStore(db, 'sign-in-address') });
	const signIn = new SignInService(accounts, sessions, audit, passwords);
	const accountService = new AccountService(accounts, audit);
	const addressOf = (req: IncomingMessage): string | null => clientAddressFrom(req.headers['x-forwarded-for'], req.socket.remoteAddress ?? null, config.trustProxy);
	// PDF and DOCX exports are rendered on a thread of their own, from a bundle of render-worker.ts
	const renderPool = new RenderPool(() => ensureBundle('workers', 'src/lib/server/protocol/render-worker.ts', process.cwd()), log);
	const boardHistory = new SqlBoardHistoryRepository(db);
	// the collaboration engine knows no board: Accord's boards plug in through these hooks
	const boards = new WorkshopBoards({
		boards: options.boards ?? BOARDS,
		limits: config.collab,
		sessions,
		workshops,
		kits,
		audit,
		log,
		addressOf,
		compactInBackground: (name) => storage.compact(name),
		keepRestorePoint: (board, reason) => keepRestorePoint(boardHistory, board.name, Y.encodeStateAsUpdate(board.doc), reason, 'Accord'),
		cluster
	});
	const collab = new CollabServer({ origin: config.origin, limits: config.collab, documents, log, hooks: boards, cluster });
	boards.attach(collab);
	const history = new BoardHistoryService({ collab, boards, history: boardHistory, audit });
	const workshopService = new WorkshopService({ workshops, documents, kits, audit, collab: () => collab, boards, transaction: (fn) => db.transaction(fn)() });
	const scoring = new SqlScoringRepository(db);
	const dpia = new DpiaService({ collab, boards, workshops, kits, scoring, audit });
	const dpisp = new DpispService({ collab, boards, workshops, kits, versions: new SqlVersionRepository(db), audit });
	const terms = new TermsService({ collab, workshops, kits, audit });
	const breach = new BreachService({ collab, boards, workshops, kits, audit });
	const termsSignatures = new SqlTermsSignatureRepository(db);
	const render: Renderer = config.renderInProcess ? (job) => import('./protocol/render-job').then((m) => m.renderJob(job)) : renderPool.render;
	const termsSigning = new TermsSigningService({ collab, workshops, accounts, kits, signatures: termsSignatures, passwords, audit, key, render });
	const protocols = new SqlProtocolRepository(db);
	// counted in the database: the same allowance whichever node is asked
	const exportLimit = new SqlRateLimit(db, 'export', config.exportsPerMinute);
	const reportLimit = new SqlRateLimit(db, 'report', config.exportsPerMinute);
	const kitChanges = new SqlKitChangeRepository(db);
	const tailoring = new KitTailoringService({ kits, changes: kitChanges, collab, workshops, protocols, audit, kitsDir: config.kitsDir });
	const tailoringAnnex = (w: Workshop) => {
		const standard = kits.standardFor(w);
		const title = (kind: 'risk' | 'item', id: string) => {
			const found = kind === 'risk' ? standard?.dpia.risks.find((r) => r.id === id) : standard && allTermsItems(standard).find((i) => i.id === id);
			return found ? pickText(found.title, w.language) : id;
		};
		const annex = tailoring.annex(w, kitAnnexLabels(w.language), title);
		return annex ? [{ board: 'kit', ...annex }] : [];
	};
	const protocol = new ProtocolService({ collab, boards, workshops, accounts, kits, protocols,
		terms,
		termsSignatures,
		audit,
		key,
		passwords,
		render,
		exportCache: config.exportCache,
		exportLimit,
		workshopAnnexes: tailoringAnnex
	});
	const followUp = new FollowUpService({ protocols, workshops, followUp: new SqlFollowUpRepository(db), audit, key, render, reportLimit });
	const preRead = new PreReadService({ collab, kits, render });
	const review = new ReviewService({ workshopService, workshops, collab, followUp, kitChanges, kits, audit });
	const mailer = config.mail ? smtpMailer(config.mail, log) : NO_MAIL;
	const mail = new SqlMailRepository(db);
	const reminders = new ReminderService({ mailer, mail, protocols, workshops, accounts, followUp, audit, origin: config.origin });
	const facilitation = new FacilitationService({ collab, boards, workshops, ballots: new SqlBallotRepository(db), scoring, audit, settleMs: config.decisionSettleMs });
	audit.onRecord((action, actor, target) => facilitation.fromAudit(action, target.workshopId ?? null, target.target ?? null, target.details, shownName(actor)));
	const housekeeping = setInterval(() => {
		try {
			sessions.sweep();
			signIn.prune();
			exportLimit.prune();
			reportLimit.prune();
			audit.anchor('interval');
		} catch (error) {
			log(`housekeeping failed: ${(error as Error).message}`);
		}
		reminders.run().catch((error: Error) => log(`reminders failed: ${error.message}`));
	}, 10 * 60_000);
	housekeeping.unref();
	// the day's reminders go a minute after a start too, not only on the ten-minute beat
	const firstReminders = setTimeout(() => reminders.run().catch((error: Error) => log(`reminders failed: ${error.message}`)), 60_000);
	firstReminders.unref();

	const app: App = {
		config,
		db,
		sqlite,
		kits,
		accounts,
		workshops,
		documents,
		audit,
		sessions,
		signIn,
		passwords,
		accountService,
		workshopService,
		dpia,
		dpisp,
		terms,
		termsSigning,
		breach,
		protocol,
		followUp,
		tailoring,
		preRead,
		review,
		mailer,
		mail,
		reminders,
		facilitation,
		history,
		boards,
		collab,
		log,
		async firstStart() {
			if (config.demo && accounts.count() === 0) await seedDemo(app);
			if (accounts.count() === 0) {
				accounts.clearSetupTokens();
				const token = randomToken(20);
				accounts.createSetupToken(hashToken(token), Date.now() + SETUP_TOKEN_MS);
				log(`\nNo account exists yet. Create the first admin within 24 hours at:\n  ${config.origin}/setup/${token}\n`);
			}
		},
		async close() {
			clearInterval(housekeeping);
			clearTimeout(firstReminders);
			mailer.close();
			facilitation.shutdown();
			collab.shutdown();
			await Promise.all([renderPool.close(), storage.stop(), cluster?.close()]);
			audit.close();
			db.close();
		}
	};
	return app;
}

const APP_KEY = Symbol.for('accord.app');
type Holder = { [APP_KEY]?: Promise<App> };

/**
 * The process-wide app. Modules can load twice in one process (server.js and the SvelteKit
 * bundle, or Vite's module graph), so the singleton lives on globalThis.
 */
export function getApp(): Promise<App> {
	const holder = globalThis as Holder;
	holder[APP_KEY] ??= (async () => {
		const app = await startApp(loadConfig(process.env));
		await app.firstStart();
		return app;
	})();
	return holder[APP_KEY];
}

/**
 * Builds the app for a configuration, with what must be prepared first on PostgreSQL: the bundled
 * connection thread, and the link through which this node hears the others on the same database.
 */
export async function startApp(config: Config, log: (line: string) => void = (line) => console.log(line), options: AppOptions = {}): Promise<App> {
	if (!config.databaseUrl) return createApp(config, log, options);
	if (!config.signingP12) {
		log('Accord keeps its data in PostgreSQL but seals with a key of its own in DATA_DIR: give every node the same ACCORD_SIGNING_P12 (docs/operations.md)');
	}
	const postgresWorker = await postgresWorkerFile();
	const cluster = await PostgresCluster.start(config.databaseUrl, randomToken(10), log);
	try {
		return createApp(config, log, { ...options, postgresWorker, cluster });
	} catch (error) {
		await cluster.close();
		throw error;
	}
}
