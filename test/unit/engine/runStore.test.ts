import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RunStore } from '../../../src/engine/runStore';
import type { Logger } from '../../../src/shared/logger';
import type { RunRecord, RunStatus } from '../../../src/shared/model';

let sequence = 0;

function recordOf(workflowFile: string | undefined, status: RunStatus = 'succeeded'): RunRecord {
	sequence++;
	const startedAt = new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)).toISOString();
	return {
		id: `run-${sequence}`,
		workflowName: 'Test',
		workflowFile,
		trigger: { kind: 'webhook', nodeId: 'start', data: { body: { n: sequence } } },
		status,
		startedAt,
		finishedAt: startedAt,
		nodes: { start: { status: 'succeeded' } },
	};
}

function recordingLogger(): Logger & { lines: string[] } {
	const lines: string[] = [];
	const push = (message: string) => lines.push(message);
	return { lines, trace: push, debug: push, info: push, warn: push, error: push };
}

function linesOf(dir: string): string[] {
	const files = readdirSync(dir).filter((name) => name.endsWith('.jsonl'));
	assert.equal(files.length, 1);
	return readFileSync(path.join(dir, files[0]), 'utf8').split('\n').filter(Boolean);
}

describe('RunStore', () => {
	let dir: string;

	beforeEach(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'wireflow-runs-'));
	});

	afterEach(() => {
		rmSync(dir, { recursive: true, force: true });
	});

	describe('#append', () => {
		it('writes one JSON line per run', async () => {
			const store = await RunStore.open({ dir });
			const first = recordOf('/w/a.workflow.json');
			const second = recordOf('/w/a.workflow.json');

			store.append(first);
			store.append(second);
			await store.flush();

			const lines = linesOf(dir);
			assert.equal(lines.length, 2);
			assert.deepEqual(JSON.parse(lines[0]), first);
			assert.deepEqual(JSON.parse(lines[1]), second);
		});

		it('keeps one file per workflow', async () => {
			const store = await RunStore.open({ dir });

			store.append(recordOf('/w/a.workflow.json'));
			store.append(recordOf('/w/b.workflow.json'));
			store.append(recordOf(undefined));
			await store.flush();

			const names = readdirSync(dir).sort();
			assert.equal(names.length, 3);
			assert.ok(names.some((name) => /^a-[0-9a-f]{16}\.jsonl$/.test(name)));
			assert.ok(names.some((name) => /^b-[0-9a-f]{16}\.jsonl$/.test(name)));
			assert.ok(names.includes('unsaved.jsonl'));
		});

		it('keeps a run in memory while writes fail', async () => {
			const logger = recordingLogger();
			const store = await RunStore.open({ dir, logger });
			store.append(recordOf('/w/a.workflow.json'));
			await store.flush();
			const [name] = readdirSync(dir);
			rmSync(path.join(dir, name));
			mkdirSync(path.join(dir, name));
			const lost = recordOf('/w/a.workflow.json');

			store.append(lost);
			const written = await store.flush();

			assert.equal(written, false);
			assert.equal(store.pendingCount, 1);
			assert.deepEqual(store.get(lost.id), lost);
			assert.ok(logger.lines.includes('run file write failed, runs kept in memory'));

			rmSync(path.join(dir, name), { recursive: true });
			assert.equal(await store.flush(), true);
			assert.equal(store.pendingCount, 0);
			assert.deepEqual(
				linesOf(dir).map((line) => JSON.parse(line).id),
				[lost.id],
			);
			await store.close();
		});

		it('prunes to the limit through a rewrite', async () => {
			const store = await RunStore.open({ dir, maxRunsPerWorkflow: 3 });
			const records = Array.from({ length: 7 }, () => recordOf('/w/a.workflow.json'));

			for (const record of records) {
				store.append(record);
				await store.flush();
			}

			const ids = linesOf(dir).map((line) => JSON.parse(line).id);
			assert.ok(ids.length <= 6, `file holds ${ids.length} lines`);
			assert.deepEqual(
				ids.slice(-3),
				records.slice(-3).map((record) => record.id),
			);
			assert.deepEqual(
				store.list().map((record) => record.id),
				records
					.slice(-3)
					.map((record) => record.id)
					.reverse(),
			);
			assert.equal(store.get(records[0].id), undefined);
			assert.deepEqual(
				readdirSync(dir).filter((name) => name.endsWith('.tmp')),
				[],
			);
		});
	});

	describe('#open', () => {
		it('loads runs written by an earlier store', async () => {
			const before = await RunStore.open({ dir });
			const record = recordOf('/w/a.workflow.json');
			before.append(record);
			await before.close();

			const after = await RunStore.open({ dir });

			assert.deepEqual(after.get(record.id), record);
			assert.equal(after.list().length, 1);
		});

		it('skips a cut last line and appends after it cleanly', async () => {
			const logger = recordingLogger();
			const before = await RunStore.open({ dir });
			const kept = recordOf('/w/a.workflow.json');
			before.append(kept);
			await before.close();
			const [name] = readdirSync(dir);
			appendFileSync(path.join(dir, name), '{"id":"run-cut","workflowName":"Te');

			const after = await RunStore.open({ dir, logger });
			const next = recordOf('/w/a.workflow.json');
			after.append(next);
			await after.flush();

			assert.deepEqual(
				after.list().map((record) => record.id),
				[next.id, kept.id],
			);
			assert.ok(logger.lines.includes('run file ends in a cut line'));
			assert.deepEqual(
				linesOf(dir).map((line) => JSON.parse(line).id),
				[kept.id, next.id],
			);
		});
	});

	describe('#list', () => {
		it('filters by workflow, status and trigger', async () => {
			const store = await RunStore.open({ dir });
			const ok = recordOf('/w/a.workflow.json');
			const failed = recordOf('/w/a.workflow.json', 'failed');
			const other = recordOf('/w/b.workflow.json');
			const manual = {
				...recordOf('/w/a.workflow.json'),
				trigger: { kind: 'manual' as const, nodeId: 'start', data: {} },
			};
			for (const record of [ok, failed, other, manual]) {
				store.append(record);
			}

			const ids = (records: RunRecord[]) => records.map((record) => record.id);

			assert.deepEqual(ids(store.list()), [manual.id, other.id, failed.id, ok.id]);
			assert.deepEqual(ids(store.list({ workflowFile: '/w/a.workflow.json' })), [
				manual.id,
				failed.id,
				ok.id,
			]);
			assert.deepEqual(ids(store.list({ status: 'failed' })), [failed.id]);
			assert.deepEqual(ids(store.list({ triggerKind: 'manual' })), [manual.id]);
			assert.deepEqual(ids(store.list({ startedBefore: other.startedAt })), [failed.id, ok.id]);
			assert.deepEqual(ids(store.list({ limit: 1 })), [manual.id]);
			await store.close();
		});
	});
});
