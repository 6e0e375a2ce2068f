import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { OperationalError, errorMessage } from '../shared/errors';
import { type Logger, silentLogger } from '../shared/logger';
import { WORKFLOW_FILE_SUFFIX } from '../shared/model';
import type { Problem } from '../shared/problems';
import { type ActionRegistry, actionRegistry } from './actions';
import { type LoadedWorkflow, loadWorkflow, loadWorkflowFile } from './load';

/** Summary of one workflow file, for lists such as the Workflows view. */
export interface WorkflowEntry {
	file: string;
	/** The workflow's name, or the file name when the file has none yet. */
	name: string;
	valid: boolean;
	/** First error, shown in place of the workflow details when the file is invalid. */
	firstError?: Problem;
	/** Type of the trigger node, such as `trigger.webhook`. */
	triggerType?: string;
	webhookPath?: string;
	cron?: string;
	timezone?: string;
	/** Account names the workflow's nodes use. */
	accounts: string[];
}

/**
 * Lists `*.workflow.json` files under a folder, depth first in name order, skipping
 * `node_modules` and folders whose name starts with a dot.
 */
export async function findWorkflowFiles(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { withFileTypes: true });
	const found: string[] = [];
	for (const entry of entries) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) {
			found.push(...(await findWorkflowFiles(full)));
		} else if (entry.isFile() && entry.name.endsWith(WORKFLOW_FILE_SUFFIX)) {
			found.push(full);
		}
	}
	return found.sort();
}

/**
 * The workflow files of a workspace, kept up to date by the caller's file watcher through
 * `update`, `remove` and `rename`. Also finds problems that span files: two workflows that claim
 * the same webhook path are an error on both.
 */
export class WorkflowIndex {
	private readonly _entries = new Map<string, { entry: WorkflowEntry; loaded?: LoadedWorkflow }>();
	private readonly _listeners = new Set<() => void>();

	constructor(
		private readonly _registry: ActionRegistry = actionRegistry,
		private readonly _logger: Logger = silentLogger,
	) {}

	/** Adds every workflow file under the folders; a folder that cannot be read is skipped. */
	async scan(folders: readonly string[]): Promise<void> {
		for (const folder of folders) {
			const files = await findWorkflowFiles(folder).catch(() => []);
			for (const file of files) {
				await this.load(file);
			}
		}
		this.fire();
	}

	/** Reads a file again after it was created or changed. */
	async update(file: string): Promise<void> {
		await this.load(file);
		this.fire();
	}

	/** Indexes text that is not on disk yet, such as an editor's unsaved document. */
	updateText(file: string, text: string): void {
		this.store(file, loadWorkflow(text, file, this._registry));
		this.fire();
	}

	remove(file: string): boolean {
		const removed = this._entries.delete(file);
		if (removed) {
			this.fire();
		}
		return removed;
	}

	async rename(from: string, to: string): Promise<void> {
		this._entries.delete(from);
		await this.update(to);
	}

	get(file: string): WorkflowEntry | undefined {
		return this._entries.get(file)?.entry;
	}

	/** Returns every entry, in file path order. */
	entries(): WorkflowEntry[] {
		return [...this._entries.values()]
			.map((item) => item.entry)
			.sort((a, b) => a.file.localeCompare(b.file));
	}

	/** Files that name an account, by account name. */
	accountUsers(): Map<string, string[]> {
		const users = new Map<string, string[]>();
		for (const { file, accounts } of this.entries()) {
			for (const account of accounts) {
				users.set(account, [...(users.get(account) ?? []), file]);
			}
		}
		return users;
	}

	/**
	 * Problems of a file that come from other files: a webhook path that another workflow
	 * also claims. Located at the `path` param of the file's webhook trigger.
	 */
	crossFileProblems(file: string): Problem[] {
		const own = this._entries.get(file);
		const hookPath = own?.entry.webhookPath;
		if (!own?.loaded || hookPath === undefined) {
			return [];
		}
		const others = this.entries().filter(
			(entry) => entry.file !== file && entry.webhookPath === hookPath,
		);
		if (others.length === 0) {
			return [];
		}
		const index =
			own.loaded.workflow?.nodes.findIndex((node) => node.type === 'trigger.webhook') ?? 0;
		return [
			own.loaded.document.problemAtPath(['nodes', index, 'params', 'path'], {
				code: 'webhook_path_taken',
				nodeId: own.loaded.workflow?.nodes[index]?.id,
				path: ['nodes', index, 'params', 'path'],
				message: `Webhook path "${hookPath}" is also used by ${others.map((entry) => entry.file).join(', ')}. Give each workflow its own path.`,
			}),
		];
	}

	/** Calls `listener` after every change; returns a function that removes it. */
	onDidChange(listener: () => void): () => void {
		this._listeners.add(listener);
		return () => this._listeners.delete(listener);
	}

	private async load(file: string): Promise<void> {
		try {
			this.store(file, await loadWorkflowFile(file, this._registry));
		} catch (error) {
			if (!(error instanceof OperationalError)) {
				throw error;
			}
			this._entries.delete(file);
		}
	}

	private store(file: string, loaded: LoadedWorkflow): void {
		this._entries.set(file, { entry: summarise(file, loaded), loaded });
	}

	private fire(): void {
		for (const listener of this._listeners) {
			try {
				listener();
			} catch (error) {
				// A failing listener must not stop the others or the caller.
				this._logger.error('workflow index listener failed', { error: errorMessage(error) });
			}
		}
	}
}

function summarise(file: string, loaded: LoadedWorkflow): WorkflowEntry {
	const workflow = loaded.workflow;
	const firstError = loaded.problems.find((problem) => problem.severity === 'error');
	const trigger = workflow?.nodes.find((node) => node.type.startsWith('trigger.'));
	const params = trigger?.params ?? {};
	const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
	const accounts = new Set<string>();
	for (const node of workflow?.nodes ?? []) {
		const account = node.params?.account;
		if (typeof account === 'string' && account !== '' && !account.includes('{{')) {
			accounts.add(account);
		}
	}
	return {
		file,
		name:
			typeof workflow?.name === 'string' && workflow.name.trim() !== ''
				? workflow.name
				: path.basename(file, WORKFLOW_FILE_SUFFIX),
		valid: loaded.plan !== undefined,
		firstError,
		triggerType: trigger?.type,
		webhookPath:
			trigger?.type === 'trigger.webhook'
				? text(params.path)?.replace(/^\/+|\/+$/g, '')
				: undefined,
		cron: trigger?.type === 'trigger.schedule' ? text(params.cron) : undefined,
		timezone: trigger?.type === 'trigger.schedule' ? text(params.timezone) : undefined,
		accounts: [...accounts].sort(),
	};
}
