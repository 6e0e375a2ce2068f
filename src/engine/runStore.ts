import { createHash } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../shared/errors';
import { type Logger, silentLogger } from '../shared/logger';
import type { RunRecord, RunStatus, TriggerKind } from '../shared/model';

/**
 * Run history on disk, as JSON Lines.
 *
 * Layout: one file per workflow, `<dir>/<workflow base name>-<hash>.jsonl`, where the hash is
 * the first 16 hex digits of the SHA-256 of the workflow's absolute path, and runs without a
 * workflow file go to `unsaved.jsonl`. Each line is one finished run record, appended in the
 * order the runs ended. A file holds at most twice the retention limit: when an append would
 * pass that, the file is rewritten with the newest `maxRunsPerWorkflow` runs into a temporary
 * file that is synced and renamed over the old one, so a crash leaves the old file or the new
 * one, never half of either. Reads come from memory; the files are read once, by `open`.
 *
 * NOTE: one process writes a folder at a time; two processes on the same folder interleave
 * appends safely but a rewrite by one drops the lines the other appended since it loaded.
 */

/** Retention limit when the options set none: runs kept per workflow. */
export const DEFAULT_MAX_RUNS_PER_WORKFLOW = 1000;

/** First wait before writing again after a failed write, in milliseconds; doubles up to 30 s. */
const FIRST_RETRY_DELAY_MS = 500;
const MAX_RETRY_DELAY_MS = 30_000;

const FILE_SUFFIX = '.jsonl';
const UNSAVED_FILE = `unsaved${FILE_SUFFIX}`;

export interface RunStoreOptions {
	/** Folder of the JSON Lines files; created when missing. */
	dir: string;
	/** Runs kept per workflow; older ones are dropped. Defaults to 1000. */
	maxRunsPerWorkflow?: number;
	logger?: Logger;
}

/** Filter of `list`. Every field narrows the result; all are optional. */
export interface RunFilter {
	/** Path of the workflow file, as recorded in `RunRecord.workflowFile`. */
	workflowFile?: string;
	status?: RunStatus;
	triggerKind?: TriggerKind;
	/** Only runs started before this ISO time, for paging back through history. */
	startedBefore?: string;
	/** Largest number of runs returned. */
	limit?: number;
}

/** One stored run: the facts filters need, and the JSON line it is stored as. */
interface Entry {
	id: string;
	workflowFile?: string;
	status: RunStatus;
	triggerKind: TriggerKind;
	startedAt: string;
	line: string;
}

/** The runs of one workflow and the state of its file. */
class RunFile {
	readonly entries: Entry[] = [];
	/** Lines appended to `entries` but not yet written. */
	pending: string[] = [];
	/** Lines in the file on disk, to know when a rewrite is due. */
	linesOnDisk = 0;
	writing: Promise<void> | undefined;
	retryTimer: NodeJS.Timeout | undefined;
	retryDelayMs = FIRST_RETRY_DELAY_MS;
	failing = false;

	constructor(readonly file: string) {}
}

/**
 * Appends run records to per-workflow JSON Lines files and serves them back, newest first.
 * The webhook server, the scheduler and the CLI record every finished run through it.
 */
export class RunStore {
	private readonly _files = new Map<string, RunFile>();
	private readonly _byId = new Map<string, Entry>();
	private readonly _max: number;
	private readonly _logger: Logger;
	private _closed = false;
	private _tempCounter = 0;

	private constructor(private readonly _options: RunStoreOptions) {
		this._max = _options.maxRunsPerWorkflow ?? DEFAULT_MAX_RUNS_PER_WORKFLOW;
		this._logger = _options.logger ?? silentLogger;
		if (!Number.isInteger(this._max) || this._max < 1) {
			throw new RangeError(`maxRunsPerWorkflow must be a positive integer, not ${this._max}`);
		}
	}

	/** Creates the folder when missing and loads every run file in it. */
	static async open(options: RunStoreOptions): Promise<RunStore> {
		const store = new RunStore(options);
		await mkdir(options.dir, { recursive: true });
		const names = await readdir(options.dir);
		for (const name of names.filter((item) => item.endsWith(FILE_SUFFIX)).sort()) {
			await store.loadFile(path.join(options.dir, name));
		}
		return store;
	}

	/** Folder the run files are in. */
	get dir(): string {
		return this._options.dir;
	}

	/** Number of runs kept in memory that are not written yet. */
	get pendingCount(): number {
		let count = 0;
		for (const runFile of this._files.values()) {
			count += runFile.pending.length;
		}
		return count;
	}

	/**
	 * Adds a finished run without throwing or waiting. The record is kept in memory at once and
	 * written in the background. After a write error it stays queued and is retried.
	 */
	append(record: RunRecord): void {
		const line = `${JSON.stringify(record)}\n`;
		const runFile = this.fileFor(record.workflowFile);
		this.addEntry(runFile, entryOf(record, line));
		runFile.pending.push(line);
		this.trimMemory(runFile);
		if (!runFile.writing && !runFile.retryTimer) {
			runFile.writing = this.writeSoon(runFile);
		}
	}

	/** Returns the runs that pass the filter, newest first. */
	list(filter: RunFilter = {}): RunRecord[] {
		const files = filter.workflowFile
			? [this._files.get(this.fileNameFor(filter.workflowFile))].filter(isDefined)
			: [...this._files.values()];
		const matches: Entry[] = [];
		for (const runFile of files) {
			const kept = runFile.entries.slice(-this._max);
			matches.push(...kept.filter((entry) => matchesFilter(entry, filter)));
		}
		matches.sort((a, b) => newestFirst(a.startedAt, b.startedAt));
		const limited = filter.limit === undefined ? matches : matches.slice(0, filter.limit);
		return limited.map((entry) => JSON.parse(entry.line) as RunRecord);
	}

	/** Returns one run by id, or undefined when it is unknown or was dropped by retention. */
	get(runId: string): RunRecord | undefined {
		const entry = this._byId.get(runId);
		return entry ? (JSON.parse(entry.line) as RunRecord) : undefined;
	}

	/**
	 * Writes every queued run now. Resolves to true when nothing is left in memory unwritten,
	 * false when a write failed again (the runs stay queued).
	 */
	async flush(): Promise<boolean> {
		for (const runFile of this._files.values()) {
			while (runFile.writing) {
				await runFile.writing;
			}
			clearTimeout(runFile.retryTimer);
			runFile.retryTimer = undefined;
			if (runFile.pending.length > 0) {
				runFile.writing = this.write(runFile);
				await runFile.writing;
			}
		}
		return this.pendingCount === 0;
	}

	/** Flushes and stops retrying; runs still unwritten are logged as lost. */
	async close(): Promise<void> {
		const written = await this.flush();
		this._closed = true;
		for (const runFile of this._files.values()) {
			clearTimeout(runFile.retryTimer);
			runFile.retryTimer = undefined;
		}
		if (!written) {
			this._logger.error('run store closed with unwritten runs', {
				dir: this.dir,
				runs: this.pendingCount,
			});
		}
	}

	private fileNameFor(workflowFile: string | undefined): string {
		if (!workflowFile) {
			return UNSAVED_FILE;
		}
		const absolute = path.resolve(workflowFile);
		const hash = createHash('sha256').update(absolute).digest('hex').slice(0, 16);
		const base = path.basename(absolute).replace(/\.workflow\.json$|\.json$/, '');
		const safeBase = base.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60);
		return `${safeBase}-${hash}${FILE_SUFFIX}`;
	}

	private fileFor(workflowFile: string | undefined): RunFile {
		const name = this.fileNameFor(workflowFile);
		let runFile = this._files.get(name);
		if (!runFile) {
			runFile = new RunFile(path.join(this.dir, name));
			this._files.set(name, runFile);
		}
		return runFile;
	}

	private addEntry(runFile: RunFile, entry: Entry): void {
		runFile.entries.push(entry);
		this._byId.set(entry.id, entry);
	}

	/**
	 * Drops the oldest runs from memory once it holds twice the limit, down to the limit, so
	 * the drop happens once every `maxRunsPerWorkflow` appends rather than on each one.
	 */
	private trimMemory(runFile: RunFile): void {
		if (runFile.entries.length <= 2 * this._max) {
			return;
		}
		for (const dropped of runFile.entries.splice(0, runFile.entries.length - this._max)) {
			if (this._byId.get(dropped.id) === dropped) {
				this._byId.delete(dropped.id);
			}
		}
	}

	/** Loads one file; skips lines that do not parse, such as a last line cut by a crash. */
	private async loadFile(file: string): Promise<void> {
		const text = await readFile(file, 'utf8');
		const runFile = new RunFile(file);
		this._files.set(path.basename(file), runFile);
		const lines = text.split('\n');
		const complete = text.endsWith('\n') || text.length === 0;
		let skipped = 0;
		lines.forEach((line, index) => {
			if (line.trim() === '') {
				return;
			}
			const entry = parseLine(line);
			if (entry) {
				this.addEntry(runFile, entry);
			} else {
				skipped++;
				const isLast = index === lines.length - 1 || index === lines.length - 2;
				this._logger.warn(isLast ? 'run file ends in a cut line' : 'run file has a bad line', {
					file,
					line: index + 1,
				});
			}
		});
		runFile.linesOnDisk = runFile.entries.length + skipped;
		this.trimMemory(runFile);
		if (skipped > 0 || !complete) {
			// Rewriting drops the bad lines, so the next append starts on a line of its own.
			await this.rewrite(runFile);
		}
	}

	private async writeSoon(runFile: RunFile): Promise<void> {
		// Waiting one turn of the event loop batches the runs that end together into one write.
		await new Promise((resolve) => setImmediate(resolve));
		await this.write(runFile);
	}

	private async write(runFile: RunFile): Promise<void> {
		const lines = runFile.pending;
		runFile.pending = [];
		if (lines.length === 0) {
			runFile.writing = undefined;
			return;
		}
		try {
			if (runFile.linesOnDisk + lines.length > 2 * this._max) {
				await this.rewrite(runFile);
			} else {
				await appendLines(runFile.file, lines);
				runFile.linesOnDisk += lines.length;
			}
			this.recovered(runFile);
		} catch (error) {
			runFile.pending = lines.concat(runFile.pending);
			this.failed(runFile, error);
		} finally {
			runFile.writing = undefined;
		}
		if (runFile.pending.length > 0 && !runFile.retryTimer && !this._closed) {
			runFile.writing = this.writeSoon(runFile);
		}
	}

	/** Replaces the file with the newest runs, through a synced temporary file and a rename. */
	private async rewrite(runFile: RunFile): Promise<void> {
		const kept = runFile.entries.slice(-this._max);
		const temp = `${runFile.file}.${process.pid}.${++this._tempCounter}.tmp`;
		try {
			const handle = await open(temp, 'w');
			try {
				await handle.writeFile(kept.map((entry) => entry.line).join(''));
				await handle.sync();
			} finally {
				await handle.close();
			}
			await rename(temp, runFile.file);
		} catch (error) {
			await rm(temp, { force: true }).catch(() => undefined);
			throw error;
		}
		runFile.linesOnDisk = kept.length;
	}

	private failed(runFile: RunFile, error: unknown): void {
		if (!runFile.failing) {
			this._logger.error('run file write failed, runs kept in memory', {
				file: runFile.file,
				runs: runFile.pending.length,
				error: errorMessage(error),
			});
		}
		runFile.failing = true;
		if (this._closed) {
			return;
		}
		runFile.retryTimer = setTimeout(() => {
			runFile.retryTimer = undefined;
			runFile.writing = this.write(runFile);
		}, runFile.retryDelayMs);
		runFile.retryTimer.unref();
		runFile.retryDelayMs = Math.min(runFile.retryDelayMs * 2, MAX_RETRY_DELAY_MS);
	}

	private recovered(runFile: RunFile): void {
		if (runFile.failing) {
			this._logger.warn('run file write recovered', { file: runFile.file });
		}
		runFile.failing = false;
		runFile.retryDelayMs = FIRST_RETRY_DELAY_MS;
	}
}

async function appendLines(file: string, lines: string[]): Promise<void> {
	const handle = await open(file, 'a');
	try {
		await handle.writeFile(lines.join(''));
	} finally {
		await handle.close();
	}
}

function entryOf(record: RunRecord, line: string): Entry {
	return {
		id: record.id,
		workflowFile: record.workflowFile,
		status: record.status,
		triggerKind: record.trigger?.kind,
		startedAt: record.startedAt,
		line,
	};
}

function parseLine(line: string): Entry | undefined {
	try {
		const record = JSON.parse(line) as RunRecord;
		if (typeof record?.id !== 'string' || typeof record.startedAt !== 'string') {
			return undefined;
		}
		return entryOf(record, `${line}\n`);
	} catch {
		return undefined;
	}
}

function matchesFilter(entry: Entry, filter: RunFilter): boolean {
	if (filter.status && entry.status !== filter.status) {
		return false;
	}
	if (filter.triggerKind && entry.triggerKind !== filter.triggerKind) {
		return false;
	}
	return !filter.startedBefore || entry.startedAt < filter.startedBefore;
}

function isDefined<T>(value: T | undefined): value is T {
	return value !== undefined;
}

/** Orders ISO times newest first; they compare as plain strings. */
function newestFirst(a: string, b: string): number {
	if (a === b) {
		return 0;
	}
	return a < b ? 1 : -1;
}
