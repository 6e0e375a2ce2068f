import { homedir } from 'node:os';
import path from 'node:path';
import { type LoadedWorkflow, checkAccounts, loadWorkflowFile } from '../engine';
import { RunStore } from '../engine/runStore';
import { findWorkflowFiles } from '../engine/workflowIndex';
import { WireflowError, errorMessage } from '../shared/errors';
import type { AccountResolver } from '../shared/accounts';
import type { Logger } from '../shared/logger';
import type { RunRecord } from '../shared/model';
import { formatProblem } from '../shared/problems';
import { fixedKeyProvider } from '../triggers/apiKeys';
import { parseByteSize } from '../triggers/requestBody';
import { Scheduler } from '../triggers/scheduler';
import { WEBHOOK_DEFAULTS, WebhookServer } from '../triggers/webhookServer';
import { type CliIo, EXIT_RUN_FAILED, UsageError, parseCommandArgs } from './io';
import { readAccounts } from './run';
import { BatchedLog, type LogLevel } from './serveLog';

const HELP = `Usage: wireflow serve DIR [options]

Serves the webhooks and runs the schedules of every *.workflow.json file under DIR
(searched recursively, skipping node_modules and folders whose name starts with a dot).
Every workflow found is active: each webhook workflow answers at /webhook/<path> and each
schedule workflow runs on its cron. Invalid files are reported and left out.

Every request needs an API key, taken from the environment:
  WIREFLOW_API_KEY      one key
  WIREFLOW_API_KEYS     several keys, separated by commas
A request passes its key as ?apiKey=KEY, an X-API-Key header, "Authorization: Bearer KEY",
or in the path: /webhook/k/KEY/<path>. Without any key configured, serve does not start.

Integration nodes read their accounts from WIREFLOW_ACCOUNT_<NAME> variables, as
"wireflow run" describes; a workflow that names a missing account is reported and
not served.

Options:
      --host HOST              Interface to listen on (default: 127.0.0.1)
      --port PORT              TCP port; 0 picks a free one (default: 8787)
      --state DIR              Folder for run history, written to DIR/runs
                               (default: $XDG_STATE_HOME/wireflow or ~/.local/state/wireflow)
      --max-body SIZE          Largest request body, such as 512kb or 1mb (default: 1mb)
      --concurrency N          Webhook runs in flight at once; more get 429 (default: 100)
      --response-timeout MS    Wait for a respond node before answering 504 (default: 30000)
      --max-runs N             Runs kept per workflow in the history (default: 1000)
  -v, --verbose                Also log each request and node
  -q, --quiet                  Log only warnings and errors, not each run
  -h, --help                   Show this help

Stops on SIGINT or SIGTERM: stops accepting requests, lets runs in flight finish (up to
10 s, then cancels them), writes the run history and exits with code 0.
`;

/** Environment variables that hold API keys. */
const KEY_VARIABLES = ['WIREFLOW_API_KEY', 'WIREFLOW_API_KEYS'] as const;

interface ServeSettings {
	dir: string;
	host: string;
	port: number;
	stateDir: string;
	maxBodyBytes: number;
	concurrency: number;
	responseTimeoutMs: number;
	maxRuns: number;
	level: LogLevel;
}

/** The pieces a running `serve` owns, stopped in reverse order. */
interface Services {
	log: BatchedLog;
	logger: Logger;
	store: RunStore;
	server: WebhookServer;
	scheduler: Scheduler;
	accounts: AccountResolver;
}

/** `wireflow serve`: serves webhooks and schedules until SIGINT or SIGTERM. */
export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseOptions(argv);
	if (values.help) {
		io.stdout(HELP);
		return 0;
	}
	const settings = settingsOf(values, positionals, io);
	const keys = apiKeysFromEnvironment(process.env);
	const accounts = readAccounts(io);
	const services = await createServices(settings, keys, accounts, io);

	const served = await loadAll(settings.dir, services, io);
	if (served === 0) {
		await services.store.close();
		services.log.flush();
		throw new UsageError(
			`Nothing to serve: no valid webhook or schedule workflow under ${settings.dir}.`,
		);
	}
	return runUntilSignal(services, settings);
}

/** Opens the run store and creates the webhook server and scheduler, not started yet. */
async function createServices(
	settings: ServeSettings,
	keys: string[],
	accounts: AccountResolver,
	io: CliIo,
): Promise<Services> {
	const log = new BatchedLog((text) => io.stderr(text), settings.level);
	const logger = log.scoped('serve');
	const store = await RunStore.open({
		dir: path.join(settings.stateDir, 'runs'),
		maxRunsPerWorkflow: settings.maxRuns,
		logger: log.scoped('runs'),
	});
	const onRun = (record: RunRecord) => recordRun(record, store, logger, settings.dir);
	return {
		log,
		logger,
		store,
		server: new WebhookServer({
			keys: fixedKeyProvider(keys),
			host: settings.host,
			port: settings.port,
			portSetting: 'the --port option',
			logger: log.scoped('webhook'),
			maxBodyBytes: settings.maxBodyBytes,
			concurrency: settings.concurrency,
			responseTimeoutMs: settings.responseTimeoutMs,
			onRun,
			accounts,
		}),
		scheduler: new Scheduler({ logger: log.scoped('cron'), onRun, accounts }),
		accounts,
	};
}

function parseOptions(argv: string[]) {
	return parseCommandArgs('serve', argv, {
		host: { type: 'string' },
		port: { type: 'string' },
		state: { type: 'string' },
		'max-body': { type: 'string' },
		concurrency: { type: 'string' },
		'response-timeout': { type: 'string' },
		'max-runs': { type: 'string' },
		verbose: { type: 'boolean', short: 'v' },
		quiet: { type: 'boolean', short: 'q' },
		help: { type: 'boolean', short: 'h' },
	});
}

type ServeValues = ReturnType<typeof parseOptions>['values'];

function settingsOf(values: ServeValues, positionals: string[], io: CliIo): ServeSettings {
	if (positionals.length !== 1) {
		throw new UsageError('serve needs exactly one folder, such as: wireflow serve .');
	}
	const maxBody = values['max-body'] ?? '1mb';
	const maxBodyBytes = parseByteSize(maxBody);
	if (maxBodyBytes === undefined) {
		throw new UsageError(`Invalid --max-body "${maxBody}". Give a size such as 512kb or 1mb.`);
	}
	return {
		dir: path.resolve(io.cwd, positionals[0]),
		host: values.host ?? WEBHOOK_DEFAULTS.host,
		port: integerOption('--port', values.port, WEBHOOK_DEFAULTS.port, 0, 65535),
		stateDir: values.state ? path.resolve(io.cwd, values.state) : defaultStateDir(process.env),
		maxBodyBytes,
		concurrency: integerOption(
			'--concurrency',
			values.concurrency,
			WEBHOOK_DEFAULTS.concurrency,
			1,
		),
		responseTimeoutMs: integerOption(
			'--response-timeout',
			values['response-timeout'],
			WEBHOOK_DEFAULTS.responseTimeoutMs,
			1,
		),
		maxRuns: integerOption('--max-runs', values['max-runs'], 1000, 1),
		level: logLevelOf(values),
	};
}

function logLevelOf(values: ServeValues): LogLevel {
	if (values.verbose) {
		return 'debug';
	}
	return values.quiet ? 'warn' : 'info';
}

function integerOption(
	name: string,
	raw: string | undefined,
	fallback: number,
	min: number,
	max = Number.MAX_SAFE_INTEGER,
): number {
	if (raw === undefined) {
		return fallback;
	}
	const value = Number(raw);
	if (!Number.isInteger(value) || value < min || value > max) {
		throw new UsageError(`Invalid ${name} "${raw}". Give a whole number from ${min} to ${max}.`);
	}
	return value;
}

/** Returns `$XDG_STATE_HOME/wireflow`, or `~/.local/state/wireflow` when it is unset. */
export function defaultStateDir(env: NodeJS.ProcessEnv): string {
	const base = env.XDG_STATE_HOME || path.join(homedir(), '.local', 'state');
	return path.join(base, 'wireflow');
}

/** Reads the API keys from the environment; throws a UsageError when none is set. */
export function apiKeysFromEnvironment(env: NodeJS.ProcessEnv): string[] {
	const keys = [env.WIREFLOW_API_KEY ?? '', ...(env.WIREFLOW_API_KEYS ?? '').split(',')]
		.map((key) => key.trim())
		.filter((key) => key !== '');
	if (keys.length === 0) {
		throw new UsageError(
			`No API key is configured, so every webhook request would be rejected. Set ${KEY_VARIABLES.join(' or ')} (comma-separated) and start again.`,
		);
	}
	return [...new Set(keys)];
}

/** Loads every workflow under the folder and activates it; returns how many are served. */
async function loadAll(dir: string, services: Services, io: CliIo): Promise<number> {
	let files: string[];
	try {
		files = await findWorkflowFiles(dir);
	} catch (error) {
		throw new UsageError(`Cannot read the folder ${dir}: ${errorMessage(error)}.`);
	}
	let served = 0;
	for (const file of files) {
		const loaded = await loadOrReport(file, services.logger);
		if (loaded && activate(file, loaded, services, io)) {
			served++;
		}
	}
	services.logger.info('workflows loaded', { files: files.length, served });
	return served;
}

async function loadOrReport(file: string, logger: Logger): Promise<LoadedWorkflow | undefined> {
	try {
		return await loadWorkflowFile(file);
	} catch (error) {
		logger.error('workflow not readable', { file, error: errorMessage(error) });
		return undefined;
	}
}

/** Registers a webhook or schedule workflow; reports invalid ones. Returns true when served. */
function activate(file: string, loaded: LoadedWorkflow, services: Services, io: CliIo): boolean {
	const { logger } = services;
	if (!loaded.plan) {
		const errors = loaded.problems.filter((problem) => problem.severity === 'error');
		const relative = path.relative(io.cwd, file);
		errors.forEach((problem) => io.stderr(`${formatProblem({ ...problem, file: relative })}\n`));
		logger.error('workflow invalid, not served', { file, errors: errors.length });
		return false;
	}
	const accountProblems = checkAccounts(loaded, (name) => services.accounts.describe(name));
	if (accountProblems.length > 0) {
		const relative = path.relative(io.cwd, file);
		accountProblems.forEach((problem) =>
			io.stderr(`${formatProblem({ ...problem, file: relative })}\n`),
		);
		logger.error('workflow account missing, not served', { file, errors: accountProblems.length });
		return false;
	}
	const type = loaded.plan.trigger.node.type;
	try {
		if (type === 'trigger.webhook') {
			const registration = services.server.registry.register(file, loaded.plan);
			logger.info('webhook registered', {
				file,
				path: `/webhook/${registration.path}`,
				methods: [...registration.methods],
			});
			return true;
		}
		if (type === 'trigger.schedule') {
			services.scheduler.add(file, loaded.plan);
			return true;
		}
	} catch (error) {
		logger.error('workflow not served', { file, error: errorMessage(error) });
		return false;
	}
	logger.debug('workflow has no webhook or schedule, not served', { file, trigger: type });
	return false;
}

function recordRun(record: RunRecord, store: RunStore, logger: Logger, dir: string): void {
	store.append(record);
	const meta = {
		runId: record.id,
		workflow: record.workflowFile ? path.relative(dir, record.workflowFile) : record.workflowName,
		trigger: record.trigger.kind,
		status: record.status,
		durationMs: record.durationMs,
	};
	if (record.status === 'succeeded') {
		logger.info('run finished', meta);
	} else {
		logger.warn('run finished', {
			...meta,
			code: record.error?.code,
			error: record.error?.message,
			nodeId: record.error?.nodeId,
		});
	}
}

/** Starts the server, waits for SIGINT or SIGTERM, then stops everything in order. */
async function runUntilSignal(services: Services, settings: ServeSettings): Promise<number> {
	const { logger, log } = services;
	try {
		await services.server.start();
	} catch (error) {
		await services.scheduler.stop();
		await services.store.close();
		logger.error('webhook server not started', { error: errorMessage(error) });
		log.flush();
		if (!(error instanceof WireflowError)) {
			throw error;
		}
		return EXIT_RUN_FAILED;
	}
	logger.info('serving', {
		url: services.server.baseUrl,
		state: settings.stateDir,
		schedules: services.scheduler.list().length,
	});
	log.flush();
	const signal = await waitForSignal(log, logger);
	logger.info('stopping', { signal });
	await services.server.stop();
	await services.scheduler.stop();
	await services.store.close();
	logger.info('stopped', {});
	log.flush();
	return 0;
}

function waitForSignal(log: BatchedLog, logger: Logger): Promise<NodeJS.Signals> {
	return new Promise((resolve) => {
		const onSignal = (signal: NodeJS.Signals) => {
			process.off('SIGINT', onSignal);
			process.off('SIGTERM', onSignal);
			process.once('SIGINT', forceExit);
			process.once('SIGTERM', forceExit);
			resolve(signal);
		};
		const forceExit = (signal: NodeJS.Signals) => {
			logger.error('second signal while stopping, exiting now', { signal });
			log.flush();
			process.exit(EXIT_RUN_FAILED);
		};
		process.on('SIGINT', onSignal);
		process.on('SIGTERM', onSignal);
	});
}
